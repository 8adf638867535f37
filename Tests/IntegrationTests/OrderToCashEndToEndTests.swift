import Foundation
import O2CContracts
import Testing

/// DOMAIN.md "The order-to-cash flow": a signed contract becomes reserved credit, a deposit invoice, a
/// shipment that leaves through the gate, a delivery, a balance invoice and money allocated to it —
/// with the four services as separate processes against the real RabbitMQ and PostgreSQL.
@Suite("Order to cash end to end (all services as processes)", .serialized)
struct OrderToCashEndToEndTests {
    @Test("grade A: deposit 30%, shipment after the deposit, balance due on dispatch, freight charged, order completed")
    func gradeAToCompletion() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A")
            let orderId = try await world.placeOrder(customerId)

            let deposit = try await world.invoice(orderId, kind: "deposit")
            #expect(deposit["amount"] as? String == "3600.00")
            let notesBefore = try await world.list(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin)
            #expect(notesBefore.isEmpty, "no dispatch note before the deposit is in")

            try await world.receipt(customerId, "3600.00", reference: "DEP-1")
            try await world.ship(orderId)
            let balance = try await world.invoice(orderId, kind: "balance")
            #expect(balance["amount"] as? String == "8400.00")
            try await world.deliver(orderId)
            _ = try await world.waitFor(world.finance, "/v1/invoices?customerId=\(customerId)", as: .finance) {
                $0["kind"] as? String == "freight"
            }
            try await world.receipt(customerId, "8450.00", reference: "BAL-1")

            try await world.waitForStatus(orderId, "completed")
            // Every event reached the broker, also the broadcasts no service consumes (contract signed,
            // order completed): they are routable through orders' notifications queue.
            try await eventually("orders' outbox drained") {
                let unsent = try await world.harness.admin.query(
                    "select count(*) as n from \(identifier: world.harness.schema).outbox where sent_at is null")
                return try unsent.rows[0].int("n") == 0
            }
            let failures = try await world.harness.admin.query(
                "select count(*) as n from \(identifier: world.harness.schema).outbox where last_error is not null")
            #expect(try failures.rows[0].int("n") == 0, "no publish was refused as unroutable")
            let invoices = try await world.list(world.finance, "/v1/invoices?customerId=\(customerId)", as: .finance)
            #expect(invoices.allSatisfy { $0["outstanding"] as? String == "0.00" })
            #expect(invoices.filter { $0["kind"] as? String == "deposit" }.count == 1)
            #expect(invoices.filter { $0["kind"] as? String == "balance" }.count == 1)
            try await world.expectLedgerBalances(customerId)

            // Finance learnt the order's salesperson (the customer's owner, who created it) from the deposit request:
            // the collection rate of the deposit's month has their row only.
            let month = try #require((deposit["dueDate"] as? String)?.prefix(7))
            let (reportBody, reportStatus) = try await world.send(
                "GET", world.finance, "/v1/reports/collection-rate?period=\(month)&groupBy=salesperson", as: .finance)
            #expect(reportStatus == 200)
            let report = try #require(try JSONSerialization.jsonObject(with: reportBody) as? [String: Any])
            let groups = (report["rows"] as? [[String: Any]])?.compactMap { $0["group"] as? String }
            #expect(groups == ["salesperson-1"])
        }
    }
}
