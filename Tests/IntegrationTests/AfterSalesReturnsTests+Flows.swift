import Foundation
import O2CContracts
import O2CMessaging
import Testing

extension AfterSalesReturnsTests {
    @Test("a return walks to refunded: ReturnApproved for the lines, CreditNoteRequested for received qty × price, ReturnClosed")
    func refunded() async throws {
        try await Self.withDeliveredOrder { harness, process, capture in
            let id = try await Self.created(harness, process)
            _ = try await capture.next(ReturnRequested.self) { $0.returnId == id }
            try await Self.approve(harness, process, id)
            let approved = try await capture.next(ReturnApproved.self) { $0.returnId == id }
            #expect(approved.lines == [ReturnLine(sku: "FL-100", quantity: 4, unitPrice: Money("1000.00")!)])
            #expect(approved.approvedBy == "sales_manager" && approved.customerId == "c-1")

            try await harness.publish(ReturnNoteIssued(returnNoteId: "rn-1", returnId: id, orderId: "o-1"), correlationID: id)
            try await harness.publish(
                ReturnDiscrepancyFound(
                    returnNoteId: "rn-1", returnId: id, orderId: "o-1", expected: [CountedLine(sku: "FL-100", quantity: 4)],
                    counted: [CountedLine(sku: "FL-100", quantity: 3)]), correlationID: id)
            try await eventually("receipt_discrepancy") { try await Self.view(harness, process, id).status == "receipt_discrepancy" }
            let received = ReturnReceived(
                returnNoteId: "rn-1", returnId: id, orderId: "o-1", lines: [CountedLine(sku: "FL-100", quantity: 3)], receivedBy: "keeper",
                receivedAt: Self.monday)
            try await harness.publish(received, correlationID: id)
            try await harness.publish(received, correlationID: id)  // the same fact again, under another message id
            let credit = try await capture.next(CreditNoteRequested.self) { $0.returnId == id }
            #expect(credit.amount == Money("3000.00"))
            #expect(credit.lines == [ReturnLine(sku: "FL-100", quantity: 3, unitPrice: Money("1000.00")!)])

            try await harness.publish(
                CreditNoteIssued(
                    creditNoteId: "cn-1", returnId: id, orderId: "o-1", customerId: "c-1", amount: Money("3000.00")!, offset: .zero,
                    refunded: Money("3000.00")!), correlationID: id)
            let closed = try await capture.next(ReturnClosed.self) { $0.returnId == id }
            #expect(closed.outcome == "refunded")
            let view = try await Self.view(harness, process, id)
            #expect(view.status == "refunded" && view.saga.state == "refunded")
            #expect(view.amount == Money("3000.00") && view.creditNote?.amount == Money("3000.00"))
            #expect(view.history.contains { $0.action == "confirmed" && $0.role == "branch_manager" })
            #expect(view.history.contains { $0.action == "approved" && $0.by == "sales_manager" })
            #expect(view.saga.steps.allSatisfy { $0.status == "done" })
            #expect(capture.received.filter { $0.routingKey == CreditNoteRequested.routingKey }.count == 1, "asked once")
        }
    }

    @Test("an exchange walks to exchanged: ReplacementRequested with the received quantities, no credit note")
    func exchanged() async throws {
        try await Self.withDeliveredOrder { harness, process, capture in
            let id = try await Self.created(harness, process, kind: "exchange")
            try await Self.approve(harness, process, id)
            _ = try await capture.next(ReturnApproved.self) { $0.returnId == id }
            try await harness.publish(
                ReturnReceived(
                    returnNoteId: "rn-1", returnId: id, orderId: "o-1", lines: [CountedLine(sku: "FL-100", quantity: 4)],
                    receivedBy: "keeper",
                    receivedAt: Self.monday), correlationID: id)
            let replacement = try await capture.next(ReplacementRequested.self) { $0.returnId == id }
            #expect(replacement.lines == [ReturnLine(sku: "FL-100", quantity: 4, unitPrice: Money("1000.00")!)])
            #expect(replacement.deliveryAddress == "1 Foundry Rd" && replacement.customerName == "Acme Castings")
            try await harness.publish(
                ReplacementDispatched(dispatchNoteId: "dn-9", returnId: id, orderId: "o-1", dispatchedAt: Self.monday), correlationID: id)
            try await harness.publish(
                ReplacementDelivered(dispatchNoteId: "dn-9", returnId: id, orderId: "o-1", deliveredAt: Self.monday), correlationID: id)
            let closed = try await capture.next(ReturnClosed.self) { $0.returnId == id }
            #expect(closed.outcome == "exchanged")
            let view = try await Self.view(harness, process, id)
            #expect(view.status == "exchanged" && view.creditNote == nil && view.replacement?.lines.first?.quantity == 4)
            #expect(!capture.received.contains { $0.routingKey == CreditNoteRequested.routingKey })
        }
    }

    @Test("goods found not genuine end the return rejected and nothing moves (no ReturnApproved)")
    func notGenuine() async throws {
        try await Self.withDeliveredOrder { harness, process, capture in
            let id = try await Self.created(harness, process)
            #expect(try await Self.decide(harness, process, id, "approvals", .branchManager, #"{"decision": "approve"}"#) == 200)
            #expect(
                try await Self.decide(harness, process, id, "inspection", .technician, #"{"genuine": false, "notes": "not our casting"}"#)
                    == 200)
            let closed = try await capture.next(ReturnClosed.self) { $0.returnId == id }
            #expect(closed.outcome == "rejected")
            #expect(try await Self.view(harness, process, id).status == "rejected")
            #expect(!capture.received.contains { $0.routingKey == ReturnApproved.routingKey })
            #expect(try await Self.decide(harness, process, id, "approvals", .salesManager, #"{"decision": "approve"}"#) == 409)
            // A rejected return claims nothing: the full delivered quantity may be returned again.
            #expect(try await Self.request(harness, process, quantity: 10).1 == 201)
        }
    }
}
