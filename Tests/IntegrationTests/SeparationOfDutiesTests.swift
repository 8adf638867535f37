import Foundation
import O2CContracts
import O2CMessaging
import Testing

/// Separation of duties (CONTRACT.md "Changes to an order, payments, rules as data", DOMAIN's 权力制衡),
/// each service as a process: the author of a document cannot approve or reject it, and one person's
/// approval counts for one role only, whatever roles their token carries. Both refusals are 403
/// `separation_of_duties` with a plain reason, and change nothing.
@Suite("Separation of duties (CONTRACT.md Changes to an order; DOMAIN.md Roles 权力制衡)", .serialized)
struct SeparationOfDutiesTests {
    /// Calls with `token`; answers the JSON object and the status.
    static func call(
        _ harness: ServiceHarness, _ process: ServiceProcess, _ method: String, _ path: String, token: String, json: String? = nil
    ) async throws -> (json: [String: Any], status: Int) {
        let (body, status) = try await harness.http(method, process, path, token: token, json: json)
        return ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:], status)
    }

    /// Expects the 403 `separation_of_duties` problem whose detail says `reason`.
    static func expectRefused(
        _ answer: (json: [String: Any], status: Int), saying reason: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(answer.status == 403, "\(answer.json)", sourceLocation: sourceLocation)
        #expect(answer.json["code"] as? String == "separation_of_duties", sourceLocation: sourceLocation)
        let detail = answer.json["detail"] as? String ?? ""
        #expect(detail.contains(reason), "detail: \(detail)", sourceLocation: sourceLocation)
    }

    static let approve = #"{"decision": "approve"}"#

    @Test(
        "Prices and approvals: the author of a quote cannot approve it; one person with sales_manager and general_manager approves a major deal once, another completes it"
    )
    func quote() async throws {
        try await OrdersWorld.with { world in
            let (h, p) = (world.harness, world.process)
            try await world.product()
            let customer = try await world.customer()
            let wang = try await h.token(.salesManager, subject: "wang")
            let (own, _) = try await Self.call(
                h, p, "POST", "/v1/quotes", token: wang,
                json: """
                    {"customerId": "\(customer)", "lines": [{"sku": "P-1", "quantity": 10, "unitPrice": "90.00"}], "validUntil": "2099-12-31"}
                    """)
            let ownId = try #require(own["id"] as? String)
            #expect(own["requiredApprovals"] as? [String] == ["sales_manager"])
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/quotes/\(ownId)/approvals", token: wang, json: Self.approve),
                saying: "wang is the author of quote \(ownId) and cannot approve it")
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/quotes/\(ownId)/approvals", token: wang, json: #"{"decision": "reject"}"#),
                saying: "wang is the author of quote \(ownId) and cannot reject it")
            let unchanged = try await world.ok("GET", "/v1/quotes/\(ownId)", as: .auditor)
            #expect(
                unchanged["status"] as? String == "pending_approval" && unchanged["requiredApprovals"] as? [String] == ["sales_manager"])
            #expect(try await world.count("approval_decisions") == 0)
            let li = try await h.token(.salesManager, subject: "li")
            #expect(
                try await Self.call(h, p, "POST", "/v1/quotes/\(ownId)/approvals", token: li, json: Self.approve).json["status"] as? String
                    == "approved")

            // A major deal at a discount needs both; sun holds both roles and counts for sales_manager only.
            let (major, _) = try await world.quote(customer, quantity: 6000, price: "90.00")
            let majorId = try #require(major["id"] as? String)
            #expect(major["requiredApprovals"] as? [String] == ["sales_manager", "general_manager"])
            let sun = try await h.token(.salesManager, .generalManager, subject: "sun")
            let first = try await Self.call(h, p, "POST", "/v1/quotes/\(majorId)/approvals", token: sun, json: Self.approve)
            #expect(first.status == 200 && first.json["status"] as? String == "pending_approval")
            #expect(first.json["requiredApprovals"] as? [String] == ["general_manager"])
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/quotes/\(majorId)/approvals", token: sun, json: Self.approve),
                saying:
                    "sun already decided on quote \(majorId) as sales_manager; its general_manager decision must come from another person")
            let still = try await world.ok("GET", "/v1/quotes/\(majorId)", as: .auditor)
            #expect(still["status"] as? String == "pending_approval" && still["requiredApprovals"] as? [String] == ["general_manager"])
            let zhao = try await h.token(.generalManager, subject: "zhao")
            let done = try await Self.call(h, p, "POST", "/v1/quotes/\(majorId)/approvals", token: zhao, json: Self.approve)
            #expect(done.json["status"] as? String == "approved" && done.json["requiredApprovals"] as? [String] == [])
            let approvers = (done.json["approvals"] as? [[String: Any]] ?? []).map { "\($0["userId"] ?? "")/\($0["role"] ?? "")" }
            #expect(approvers == ["sun/sales_manager", "zhao/general_manager"])
        }
    }

    @Test("Quotes, bids and contracts: the author of a deviating contract cannot approve it; one person counts for one of its two roles")
    func contract() async throws {
        try await OrdersWorld.with { world in
            let (h, p) = (world.harness, world.process)
            try await world.product()
            let customer = try await world.customer()
            let quote = try await world.acceptedQuote(customer)
            let wang = try await h.token(.salesManager, subject: "wang")
            // 6000 instead of 10: a quantity deviation (sales_manager) making a major deal (general_manager).
            let (made, madeStatus) = try await Self.call(
                h, p, "POST", "/v1/contracts", token: wang,
                json: """
                    {"quoteId": "\(quote)", "deliveryAddress": "88 Jinqiao Road, Shanghai",
                     "lines": [{"sku": "P-1", "quantity": 6000, "unitPrice": "100.00"}]}
                    """)
            #expect(madeStatus == 201)
            let id = try #require(made["id"] as? String)
            #expect(made["requiredApprovals"] as? [String] == ["sales_manager", "general_manager"])
            let both = try await h.token(.salesManager, .generalManager, subject: "wang")
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/contracts/\(id)/approvals", token: both, json: Self.approve),
                saying: "wang is the author of contract \(id) and cannot approve it")
            let sun = try await h.token(.salesManager, .generalManager, subject: "sun")
            let first = try await Self.call(h, p, "POST", "/v1/contracts/\(id)/approvals", token: sun, json: Self.approve)
            #expect(first.status == 200 && first.json["requiredApprovals"] as? [String] == ["general_manager"])
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/contracts/\(id)/approvals", token: sun, json: Self.approve),
                saying: "sun already decided on contract \(id) as sales_manager")
            let still = try await world.ok("GET", "/v1/contracts/\(id)", as: .auditor)
            #expect(still["status"] as? String == "pending_approval" && still["requiredApprovals"] as? [String] == ["general_manager"])
            let zhao = try await h.token(.generalManager, subject: "zhao")
            let done = try await Self.call(h, p, "POST", "/v1/contracts/\(id)/approvals", token: zhao, json: Self.approve)
            #expect(done.json["status"] as? String == "approved")
        }
    }

    @Test("Quotes, bids and contracts: a sales_manager who took a phone order cannot confirm it; the order's authors go to credit")
    func phoneOrder() async throws {
        try await OrdersWorld.with { world in
            let (h, p) = (world.harness, world.process)
            // A contract's order: the quote's and contract's author (the salesperson) and who signed it.
            let signed = try await world.signedOrder()
            let contracted = try await world.capture.next(CreditReservationRequested.self) { $0.orderId == signed.order }
            #expect(contracted.orderAuthors == ["salesperson.user", "sales_admin.user"])

            let customer = signed.customer
            let wang = try await h.token(.salesManager, subject: "wang")
            let (taken, _) = try await Self.call(
                h, p, "POST", "/v1/orders", token: wang,
                json: """
                    {"customerId": "\(customer)", "source": "phone", "lines": [{"sku": "P-1", "quantity": 3, "unitPrice": "100.00"}]}
                    """)
            let order = try #require(taken["id"] as? String)
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/orders/\(order)/confirm", token: wang),
                saying: "wang is the author of order \(order) and cannot approve it")
            #expect(try await world.ok("GET", "/v1/orders/\(order)", as: .auditor)["status"] as? String == "awaiting_confirmation")
            let li = try await h.token(.salesManager, subject: "li")
            #expect(try await Self.call(h, p, "POST", "/v1/orders/\(order)/confirm", token: li).json["status"] as? String == "in_progress")
            let request = try await world.capture.next(CreditReservationRequested.self) { $0.orderId == order }
            #expect(request.orderAuthors == ["wang"])
        }
    }

    @Test(
        "Order amendments: the requester of a cancellation cannot approve it; one person with both roles approves once; the general_manager completes it"
    )
    func changeRequest() async throws {
        try await OrdersWorld.with { world in
            let (h, p) = (world.harness, world.process)
            let (order, customer) = try await world.signedOrder()
            // Credit reserved: the saga asks for the deposit invoice, so a cancellation refunds the deposit.
            try await h.publish(
                CreditReserved(
                    orderId: order, customerId: customer, amount: Money("1000.00")!, grade: .b, depositRatioBasisPoints: 3000,
                    override: false, shipBeforePayment: false), correlationID: order)
            _ = try await world.capture.next(DepositInvoiceRequested.self) { $0.orderId == order }
            let wang = try await h.token(.salesManager, .generalManager, subject: "wang")
            let (made, madeStatus) = try await Self.call(
                h, p, "POST", "/v1/orders/\(order)/cancel", token: wang, json: #"{"reason": "customer withdrew in writing"}"#)
            #expect(madeStatus == 201)
            let id = try #require(made["requestId"] as? String)
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/order-requests/\(id)/approvals", token: wang, json: Self.approve),
                saying: "wang is the author of order request \(id) and cannot approve it")
            let untouched = try await world.ok("GET", "/v1/order-requests/\(id)", as: .auditor)
            #expect(untouched["status"] as? String == "pending_approval")
            #expect(untouched["requiredApprovals"] as? [String] == ["sales_manager", "general_manager"])

            let sun = try await h.token(.salesManager, .generalManager, subject: "sun")
            let half = try await Self.call(h, p, "POST", "/v1/order-requests/\(id)/approvals", token: sun, json: Self.approve)
            #expect(
                half.json["status"] as? String == "pending_approval" && half.json["requiredApprovals"] as? [String] == ["general_manager"])
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/order-requests/\(id)/approvals", token: sun, json: Self.approve),
                saying: "sun already decided on order request \(id) as sales_manager")
            let still = try await world.ok("GET", "/v1/order-requests/\(id)", as: .auditor)
            #expect(still["status"] as? String == "pending_approval" && still["requiredApprovals"] as? [String] == ["general_manager"])
            #expect(try await world.saga(order)["state"] as? String != "cancelling")

            try await world.financeComputesPenalty(id)
            let zhao = try await h.token(.generalManager, subject: "zhao")
            let done = try await Self.call(h, p, "POST", "/v1/order-requests/\(id)/approvals", token: zhao, json: Self.approve)
            #expect(done.json["status"] as? String == "applying")
            try await world.warehouseHolds(order, request: id)
            // The deposit refund is the general_manager's approval: it names zhao.
            let refund = try await world.capture.next(DepositRefundRequested.self) { $0.orderId == order }
            #expect(refund.approvedBy == "zhao")
        }
    }

    @Test(
        "After-sales and returns: the requester takes no step of their return; who confirmed it as branch_manager does not approve it as sales_manager"
    )
    func returns() async throws {
        try await AfterSalesReturnsTests.withDeliveredOrder { h, p, _ in
            let sam = try await h.token(.salesperson, .branchManager, .salesManager, subject: "sam")
            let (made, madeStatus) = try await Self.call(
                h, p, "POST", "/v1/returns", token: sam,
                json: """
                    {"orderId": "o-1", "kind": "return", "lines": [{"sku": "FL-100", "quantity": 4}], "reason": "wrong size"}
                    """)
            #expect(madeStatus == 201)
            let id = try #require(made["id"] as? String)
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/returns/\(id)/approvals", token: sam, json: Self.approve),
                saying: "sam is the author of return \(id) and cannot approve it")
            #expect(try await AfterSalesReturnsTests.view(h, p, id).status == "awaiting_confirmation")

            let li = try await h.token(.branchManager, .salesManager, subject: "li")
            #expect(try await Self.call(h, p, "POST", "/v1/returns/\(id)/approvals", token: li, json: Self.approve).status == 200)
            #expect(try await AfterSalesReturnsTests.decide(h, p, id, "inspection", .technician, #"{"genuine": true}"#) == 200)
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/returns/\(id)/approvals", token: li, json: Self.approve),
                saying: "li already decided on return \(id) as branch_manager; its sales_manager decision must come from another person")
            #expect(try await AfterSalesReturnsTests.view(h, p, id).status == "awaiting_approval")
            let wu = try await h.token(.salesManager, subject: "wu")
            #expect(try await Self.call(h, p, "POST", "/v1/returns/\(id)/approvals", token: wu, json: Self.approve).status == 200)
            let history = try await AfterSalesReturnsTests.view(h, p, id).history.filter {
                $0.action == "confirmed" || $0.action == "approved"
            }
            #expect(history.map { "\($0.by)/\($0.role)" } == ["li/branch_manager", "wu/sales_manager"])
        }
    }

    @Test("Invoices, receipts and the customer's account: who requested a freight refund cannot approve it, even as general_manager")
    func freightRefund() async throws {
        try await ServiceHarness.run("finance-collections") { h in
            let p = try await h.start()
            let capture = try await h.capture(["finance.#"])
            try await h.publish(
                ShipmentDispatched(
                    dispatchNoteId: "dn-8", orderId: "o-8", customerId: "c-8", dispatchedAt: Date(), carrier: "SF Express",
                    totalFreight: Money("500.00")!), correlationID: "o-8")
            let freight = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-8" && $0.kind == "freight" }
            let qian = try await h.token(.finance, .generalManager, subject: "qian")
            let (made, madeStatus) = try await Self.call(
                h, p, "POST", "/v1/freight-refunds", token: qian,
                json: """
                    {"invoiceId": "\(freight.invoiceId)", "amount": "100.00", "reason": "carrier overcharged"}
                    """)
            #expect(madeStatus == 201)
            let id = try #require(made["id"] as? String)
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/freight-refunds/\(id)/approvals", token: qian, json: Self.approve),
                saying: "qian is the author of freight refund \(id) and cannot approve it")
            let stored = try await h.admin.query(
                "select status, credit_note_id from \(identifier: h.schema).freight_refunds where id = \(id)")
            #expect(try stored.rows.first?.string("status") == "pending" && stored.rows.first?["credit_note_id"] == nil)
            let zhao = try await h.token(.generalManager, subject: "zhao")
            let approved = try await Self.call(h, p, "POST", "/v1/freight-refunds/\(id)/approvals", token: zhao, json: Self.approve)
            #expect(
                approved.status == 200 && approved.json["status"] as? String == "approved"
                    && approved.json["decidedBy"] as? String == "zhao")
        }
    }

    @Test("Credit: none of the order's authors may override its credit, even as sales_director; another director may")
    func creditOverride() async throws {
        try await ServiceHarness.run("credit") { h in
            let p = try await h.start()
            let capture = try await h.capture(["credit.#"])
            let manager = try await h.token(.salesManager, subject: "wang.manager")
            let profile = #"{"grade": "B", "creditLimit": "1000.00", "depositRatio": "0.30"}"#
            #expect(try await h.http("PUT", p, "/v1/customers/c-1/credit-profile", token: manager, json: profile).status == 201)
            try await h.publish(
                CreditReservationRequested(
                    orderId: "o-1", customerId: "c-1", amount: Money("5000.00")!, orderAuthors: ["zhou", "sales_admin-1"]),
                correlationID: "o-1")
            _ = try await capture.next(CreditRefused.self) { $0.orderId == "o-1" }

            let zhou = try await h.token(.salesperson, .salesDirector, subject: "zhou")
            let why = #"{"reason": "my customer, payment promised Friday"}"#
            Self.expectRefused(
                try await Self.call(h, p, "POST", "/v1/orders/o-1/override", token: zhou, json: why),
                saying: "zhou is the author of order o-1 and cannot override credit for it")
            let status = try await h.admin.query(
                "select status, override_by from \(identifier: h.schema).credit_reservations where order_id = 'o-1'")
            #expect(try status.rows.first?.string("status") == "refused" && status.rows.first?["override_by"] == nil)
            #expect(try await h.admin.query("select 1 from \(identifier: h.schema).credit_overrides").rows.isEmpty)

            let liu = try await h.token(.salesDirector, subject: "liu.director")
            let granted = try await Self.call(h, p, "POST", "/v1/orders/o-1/override", token: liu, json: why)
            #expect(granted.status == 201 && granted.json["overriddenBy"] as? String == "liu.director")
            // Shipping before payment is an override too: not by the order's authors either.
            Self.expectRefused(
                try await Self.call(
                    h, p, "POST", "/v1/orders/o-1/override", token: zhou, json: #"{"reason": "urgent", "shipBeforePayment": true}"#),
                saying: "zhou is the author of order o-1")
        }
    }
}
