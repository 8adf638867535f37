import Foundation
import O2CContracts
import Testing

/// CONTRACT.md "The department's daily work", Worklists and contract archiving, with the services as processes:
/// what waits for a role is on its `GET /v1/worklist` with its deadline and the call that does it, and leaves
/// when done; no role sees another's work.
@Suite("Worklists and contract archiving (services as processes, test clocks)", .serialized)
struct WorklistTests {
    /// Monday 2027-03-01, 10:00 in Shanghai.
    static let monday = "2027-03-01T02:00:00Z"

    static func worklist(
        _ harness: ServiceHarness, _ process: ServiceProcess, as role: Role, subject: String? = nil
    ) async throws -> (items: [[String: Any]], status: Int) {
        let token = try await harness.token(role, subject: subject ?? "\(role.rawValue).user")
        let (body, status) = try await harness.http("GET", process, "/v1/worklist", token: token)
        return ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? [], status)
    }

    static func items(
        _ harness: ServiceHarness, _ process: ServiceProcess, as role: Role, subject: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [[String: Any]] {
        let (items, status) = try await worklist(harness, process, as: role, subject: subject)
        #expect(status == 200, "GET /v1/worklist as \(role.rawValue)", sourceLocation: sourceLocation)
        return items
    }

    static func action(_ item: [String: Any]?) -> String {
        guard let action = item?["action"] as? [String: Any] else { return "-" }
        return "\(action["method"] as? String ?? "?") \(action["path"] as? String ?? "?")"
    }

    @Test(
        "a quote awaiting approval is on another sales_manager's worklist, not its author's nor a salesperson's, and leaves it when approved"
    )
    func quoteApproval() async throws {
        try await OrdersWorld.with { world in
            try await world.product()
            let customer = try await world.customer()
            // 90.00 is below the market price: it needs a sales_manager.
            let (quote, status) = try await world.quote(customer, quantity: 5, price: "90.00")
            #expect(status == 201 && quote["status"] as? String == "pending_approval")
            let quoteId = try #require(quote["id"] as? String)

            let managers = try await Self.items(world.harness, world.process, as: .salesManager, subject: "li.manager")
            let item = managers.first { $0["id"] as? String == quoteId }
            #expect(item?["kind"] as? String == "quote_approval", "\(managers)")
            #expect(Self.action(item) == "POST /v1/quotes/\(quoteId)/approvals")
            #expect(
                item?["dueBy"] as? String == "2100-01-01T00:00:00Z",
                "due when the quote expires (validUntil 2099-12-31): \(String(describing: item))")
            #expect(item?["since"] is String)

            for role in [Role.salesperson, .salesAdmin, .finance, .warehouseKeeper, .auditor] {
                #expect(try await Self.items(world.harness, world.process, as: role).isEmpty, "\(role.rawValue) sees no approval")
            }
            // A quote a sales_manager wrote is not on their own worklist (separation of duties), but on a colleague's.
            let own = try await world.call(
                "POST", "/v1/quotes", as: .salesManager, subject: "wang.manager",
                json:
                    #"{"customerId": "\#(customer)", "lines": [{"sku": "P-1", "quantity": 2, "unitPrice": "90.00"}], "validUntil": "2099-06-30"}"#
            )
            let ownId = try #require(own.json["id"] as? String)
            let mine = try await Self.items(world.harness, world.process, as: .salesManager, subject: "wang.manager")
            #expect(!mine.contains { $0["id"] as? String == ownId }, "\(mine)")
            #expect(mine.contains { $0["id"] as? String == quoteId })
            let colleague = try await Self.items(world.harness, world.process, as: .salesManager, subject: "li.manager")
            #expect(colleague.map { $0["id"] as? String } == [ownId, quoteId], "sorted by dueBy: \(colleague)")

            _ = try await world.call(
                "POST", "/v1/quotes/\(quoteId)/approvals", as: .salesManager, subject: "li.manager",
                json: #"{"decision": "approve", "comment": "ok"}"#)
            let after = try await Self.items(world.harness, world.process, as: .salesManager, subject: "zhou.manager")
            #expect(after.map { $0["id"] as? String } == [ownId], "the approved quote left the worklist: \(after)")
        }
    }

    @Test(
        "a signed contract is on the sales_admin's worklist due by the end of its signing day, still there the day after, and gone once archived; only a sales_admin archives"
    )
    func contractArchiving() async throws {
        try await OrdersWorld.with(["O2C_TEST_CLOCK": "1"]) { world in
            try await world.ok("PUT", "/v1/admin/test-clock", as: .salesAdmin, json: #"{"now": "\#(Self.monday)"}"#)
            try await world.product()
            let customer = try await world.customer()
            let contract = try await world.contract(try await world.acceptedQuote(customer))
            let contractId = try #require(contract["id"] as? String)
            #expect(try await Self.items(world.harness, world.process, as: .salesAdmin).isEmpty, "not signed: nothing to archive")
            try await world.ok("POST", "/v1/contracts/\(contractId)/sign", as: .salesAdmin, expect: 201)

            let signingDay = try await Self.items(world.harness, world.process, as: .salesAdmin)
            let item = signingDay.first { $0["id"] as? String == contractId }
            #expect(item?["kind"] as? String == "contract_archive", "\(signingDay)")
            #expect(item?["dueBy"] as? String == "2027-03-01T16:00:00Z", "midnight in Shanghai: \(String(describing: item))")
            #expect((item?["since"] as? String)?.hasPrefix("2027-03-01T02:0") == true, "signed then: \(String(describing: item))")
            #expect(Self.action(item) == "POST /v1/contracts/\(contractId)/archive")
            for role in [Role.salesperson, .salesManager, .generalManager, .finance] {
                #expect(try await Self.items(world.harness, world.process, as: role).isEmpty, "\(role.rawValue) archives nothing")
            }

            // Tuesday: overdue, still on it.
            try await world.ok("PUT", "/v1/admin/test-clock", as: .salesAdmin, json: #"{"now": "2027-03-02T03:00:00Z"}"#)
            let nextDay = try await Self.items(world.harness, world.process, as: .salesAdmin)
            #expect(nextDay.map { $0["id"] as? String } == [contractId])

            for role in [Role.salesperson, .salesManager, .generalManager, .auditor] {
                let refused = try await world.call("POST", "/v1/contracts/\(contractId)/archive", as: role)
                #expect(refused.status == 403, "\(role.rawValue): \(refused.json)")
                #expect(refused.json["code"] as? String == "forbidden_role")
            }
            let archived = try await world.ok("POST", "/v1/contracts/\(contractId)/archive", as: .salesAdmin)
            #expect(archived["archivedBy"] as? String == "sales_admin.user")
            #expect(archived["archivedRole"] as? String == "sales_admin")
            let archivedAt = try #require(archived["archivedAt"] as? String)
            #expect(archivedAt.hasPrefix("2027-03-02T03:0"), "\(archived)")
            // A second archive changes nothing and answers the first.
            try await world.ok("PUT", "/v1/admin/test-clock", as: .salesAdmin, json: #"{"now": "2027-03-02T05:00:00Z"}"#)
            let again = try await world.ok("POST", "/v1/contracts/\(contractId)/archive", as: .salesAdmin)
            #expect(again["archivedAt"] as? String == archivedAt)
            #expect(again["archivedBy"] as? String == "sales_admin.user")
            let read = try await world.ok("GET", "/v1/contracts/\(contractId)", as: .salesManager)
            #expect(read["archivedAt"] as? String == archivedAt)
            #expect(read["archivedBy"] as? String == "sales_admin.user")
            #expect(try await Self.items(world.harness, world.process, as: .salesAdmin).isEmpty, "archived: gone from the worklist")

            // An unsigned contract is not archived.
            let unsigned = try await world.contract(try await world.acceptedQuote(customer))
            let refused = try await world.call("POST", "/v1/contracts/\(unsigned["id"] as! String)/archive", as: .salesAdmin)
            #expect(refused.status == 409, "\(refused.json)")
        }
    }

    @Test(
        "a paid order's dispatch note is on the warehouse_keeper's worklist to pick, then to hand over; an overdue invoice on finance's and the salesperson's; no role sees another's"
    )
    func acrossServices() async throws {
        let testClock = ["O2C_TEST_CLOCK": "1"]
        try await OrderToCashWorld.run(financeEnvironment: testClock, withAfterSales: true) { world in
            let harness = world.harness
            _ = try await world.call("PUT", world.finance, "/v1/admin/test-clock", as: .finance, #"{"now":"\#(Self.monday)"}"#)
            let paidCustomer = try await world.customer(grade: "A", name: "Paid Co")
            let paidOrder = try await world.placeOrder(paidCustomer)
            try await world.payDeposit(paidCustomer, paidOrder)
            let noteId = try await world.dispatchNote(paidOrder)

            var keeper: [[String: Any]] = []
            try await eventually("the note on the warehouse_keeper's worklist", timeout: .seconds(30), every: .milliseconds(200)) {
                keeper = try await Self.items(harness, world.warehouse, as: .warehouseKeeper)
                return keeper.contains { $0["id"] as? String == noteId }
            }
            let pick = keeper.first { $0["id"] as? String == noteId }
            #expect(pick?["kind"] as? String == "pick")
            #expect(Self.action(pick) == "POST /v1/dispatch-notes/\(noteId)/pick")
            #expect(pick?["dueBy"] is String, "due by the note's ship-by: \(String(describing: pick))")
            for role in [Role.salesAdmin, .gatekeeper, .carrier, .finance, .salesperson] {
                #expect(try await Self.items(harness, world.warehouse, as: role).isEmpty, "\(role.rawValue) sees no picking")
            }
            _ = try await world.call(
                "POST", world.warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
                #"{"lines":[{"sku":"FL-100","quantity":10}],"pickedBy":["Wang","Zhao"]}"#)
            let handover = try await Self.items(harness, world.warehouse, as: .warehouseKeeper).first { $0["id"] as? String == noteId }
            #expect(handover?["kind"] as? String == "handover", "picked: now to hand over")
            #expect(Self.action(handover) == "POST /v1/dispatch-notes/\(noteId)/handover")

            // An order whose deposit is never paid: 9 days on, its deposit invoice is overdue.
            let lateCustomer = try await world.customer(grade: "B", name: "Late Co")
            let lateOrder = try await world.placeOrder(lateCustomer)
            let deposit = try await world.invoice(lateOrder, kind: "deposit")
            let invoiceId = try #require(deposit["id"] as? String)
            #expect(try await Self.items(harness, world.finance, as: .finance).isEmpty, "nothing overdue yet")
            _ = try await world.call("PUT", world.finance, "/v1/admin/test-clock", as: .finance, #"{"now":"2027-03-10T02:00:00Z"}"#)
            let finance = try await Self.items(harness, world.finance, as: .finance)
            let overdue = finance.first { $0["id"] as? String == invoiceId }
            #expect(overdue?["kind"] as? String == "overdue_invoice", "\(finance)")
            #expect(
                overdue?["dueBy"] as? String == "2027-03-08T16:00:00Z",
                "the end of its due date in Shanghai: \(String(describing: overdue))")
            #expect(Self.action(overdue) == "POST /v1/receipts")
            let chase = try await Self.items(harness, world.finance, as: .salesperson).first { $0["id"] as? String == invoiceId }
            #expect(chase?["kind"] as? String == "invoice_to_chase")
            #expect(Self.action(chase) == "POST /v1/invoices/\(invoiceId)/dunning-notices")
            for role in [Role.warehouseKeeper, .salesAdmin, .gatekeeper, .auditor] {
                #expect(try await Self.items(harness, world.finance, as: role).isEmpty, "\(role.rawValue) chases nothing")
            }

            // A role each service knows but with no work there gets []; a role a service does not know, 403.
            #expect(try await Self.items(harness, world.credit, as: .finance).isEmpty)
            #expect(try await Self.items(harness, world.orders, as: .warehouseKeeper).isEmpty)
            #expect(try await Self.worklist(harness, world.credit, as: .warehouseKeeper).status == 403)
            let afterSales = try #require(world.afterSales)
            #expect(try await Self.items(harness, afterSales, as: .technician).isEmpty)
            #expect(try await Self.worklist(harness, afterSales, as: .gatekeeper).status == 403)
        }
    }
}
