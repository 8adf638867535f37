import Foundation
import O2CContracts
import Testing

/// The orders service's lists and customer ownership as a real process (CONTRACT.md "The department's daily
/// work"; DOMAIN.md "Confidentiality"): keyset pages with `Link` headers, filters, a salesperson's own
/// customers, the goods-only view, customer changes with their history.
@Suite("Orders lists and customer ownership (CONTRACT.md The department's daily work; DOMAIN.md Confidentiality)", .serialized)
struct OrdersListTests {
    @Test(
        "The department's daily work: seven orders of three customers of two salespeople page through every list exactly once, newest first; filters narrow; a salesperson sees their own customers only"
    )
    func listsPageEveryItemOnceAndSalespeopleSeeTheirOwn() async throws {
        try await OrdersWorld.with { world in
            try await world.product()
            let hengda = try await customer(world, "Hengda Trading", by: "alice", region: "east")
            let jinqiao = try await customer(world, "Jinqiao Pumps", by: "alice", region: "east")
            let beifang = try await customer(world, "Beifang Steel", by: "bob", region: "north")
            var orders: [(id: String, customer: String)] = []
            var quotes: [String] = []
            for customer in [hengda, jinqiao, beifang, hengda, beifang, jinqiao, hengda] {
                let quote = try await world.acceptedQuote(customer)
                quotes.append(quote)
                let contract = try await world.contract(quote)
                let signed = try await world.ok("POST", "/v1/contracts/\(contract["id"] as! String)/sign", as: .salesAdmin, expect: 201)
                orders.append((signed["orderId"] as! String, customer))
            }
            let newestFirst = orders.reversed().map(\.id)

            // Pages of two: every order exactly once, newest first, the last page without a next link.
            let paged = try await pageThrough(world, "/v1/orders?limit=2", as: .salesManager)
            #expect(paged.ids == newestFirst)
            #expect(paged.pages == 4)
            #expect(Set(paged.items.compactMap { $0["owner"] as? String }) == ["alice", "bob"])

            // Filters narrow it; the next link keeps them.
            let ofBeifang = try await pageThrough(world, "/v1/orders?limit=1&customerId=\(beifang)", as: .salesManager)
            #expect(ofBeifang.ids == orders.filter { $0.customer == beifang }.reversed().map(\.id))
            let east = try await pageThrough(world, "/v1/orders?region=east&limit=3", as: .salesDirector)
            #expect(east.ids == orders.filter { $0.customer != beifang }.reversed().map(\.id))
            let named = try await pageThrough(world, "/v1/orders?q=jinqiao", as: .salesManager)
            #expect(named.ids == orders.filter { $0.customer == jinqiao }.reversed().map(\.id))

            // A salesperson and nothing else sees the documents of their own customers; another owner's is 403.
            let alices = try await pageThrough(world, "/v1/orders?limit=2", as: .salesperson, subject: "alice")
            #expect(alices.ids == orders.filter { $0.customer != beifang }.reversed().map(\.id))
            let bobsQuotes = try await pageThrough(world, "/v1/quotes?limit=1", as: .salesperson, subject: "bob")
            #expect(bobsQuotes.items.count == 2 && bobsQuotes.items.allSatisfy { $0["customerId"] as? String == beifang })
            let bobsCustomers = try await pageThrough(world, "/v1/customers", as: .salesperson, subject: "bob")
            #expect(bobsCustomers.ids == [beifang])
            let (_, other) = try await exchange(world, "/v1/orders?owner=bob", as: .salesperson, subject: "alice")
            #expect(other.status == 403)

            // Contracts and quotes page the same way; the goods-only roles see an order's goods only.
            let contracts = try await pageThrough(world, "/v1/contracts?limit=3&status=signed", as: .salesAdmin)
            #expect(contracts.items.compactMap { $0["orderId"] as? String } == newestFirst)
            let allQuotes = try await pageThrough(world, "/v1/quotes?limit=4", as: .salesManager)
            #expect(allQuotes.ids == quotes.reversed())
            let carriers = try await pageThrough(world, "/v1/orders", as: .carrier)
            #expect(carriers.ids == newestFirst)
            #expect(carriers.items.allSatisfy { $0["customerId"] == nil && $0["buyerName"] == nil && $0["total"] == nil })
            let requests = try await pageThrough(world, "/v1/order-requests?customerId=\(beifang)", as: .salesManager)
            #expect(requests.ids == [], "no change was asked of Beifang's orders")
            let (_, forbidden) = try await exchange(world, "/v1/quotes", as: .carrier)
            #expect(forbidden.status == 403)

            // What a list does not take, or cannot be, is a 422 naming the parameter.
            for (query, field) in [
                ("limit=0", "limit"), ("limit=201", "limit"), ("cursor=bm90LW91cnM", "cursor"), ("status=lost", "status"),
                ("sort=name", "sort"), ("from=2026-13-01", "from"), ("from=2026-12-02&to=2026-12-01", "to"),
            ] {
                let (body, answer) = try await exchange(world, "/v1/orders?\(query)", as: .salesManager)
                let errors = (body["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                #expect(answer.status == 422 && errors.map(Set.init) == [field], "\(query): \(body)")
            }
        }
    }

    @Test(
        "The department's daily work: a customer's owner changes its contact, a sales_manager moves it to another owner and region; every change is kept with who, role and when; documents keep the owner they were signed under"
    )
    func customerChangesKeepTheirHistory() async throws {
        try await OrdersWorld.with { world in
            try await world.product()
            let hengda = try await customer(world, "Hengda Trading", by: "alice", region: "east")
            let quote = try await world.acceptedQuote(hengda)
            let contract = try await world.contract(quote)
            let signed = try await world.ok("POST", "/v1/contracts/\(contract["id"] as! String)/sign", as: .salesAdmin, expect: 201)

            let contact = #"{"contact": {"person": "Zhang Min", "phone": "+86 21 5555 0199"}}"#
            let (_, notOwner) = try await world.call("PATCH", "/v1/customers/\(hengda)", as: .salesperson, subject: "bob", json: contact)
            #expect(notOwner == 403)
            let (_, ownerMoves) = try await world.call(
                "PATCH", "/v1/customers/\(hengda)", as: .salesperson, subject: "alice", json: #"{"owner": "bob"}"#)
            #expect(ownerMoves == 403)
            let (changed, ownerStatus) = try await world.call(
                "PATCH", "/v1/customers/\(hengda)", as: .salesperson, subject: "alice", json: contact)
            #expect(ownerStatus == 200 && changed["owner"] as? String == "alice")
            let (empty, emptyStatus) = try await world.call("PATCH", "/v1/customers/\(hengda)", as: .salesManager, json: "{}")
            #expect(emptyStatus == 422 && (empty["errors"] as? [[String: Any]])?.first?["field"] as? String == "body")
            let (moved, movedStatus) = try await world.call(
                "PATCH", "/v1/customers/\(hengda)", as: .salesManager, subject: "manager.wang",
                json: #"{"owner": "bob", "region": "north"}"#)
            #expect(movedStatus == 200 && moved["owner"] as? String == "bob" && moved["region"] as? String == "north")

            let archive = try await world.ok("GET", "/v1/customers/\(hengda)", as: .salesManager)
            #expect((archive["contact"] as? [String: Any])?["person"] as? String == "Zhang Min")
            let (history, _) = try await exchangeArray(world, "/v1/customers/\(hengda)/history", as: .salesManager)
            let rows = history.map {
                "\($0["field"] ?? "") \($0["oldValue"] ?? "-")→\($0["newValue"] ?? "-") \($0["changedBy"] ?? "") \($0["role"] ?? "")"
            }
            #expect(
                rows == [
                    "contact.person Li Wei→Zhang Min alice salesperson",
                    "contact.phone +86 21 5555 0101→+86 21 5555 0199 alice salesperson",
                    "owner alice→bob manager.wang sales_manager", "region east→north manager.wang sales_manager",
                ])
            #expect(history.allSatisfy { $0["at"] is String })
            let (_, historyForbidden) = try await exchangeArray(world, "/v1/customers/\(hengda)/history", as: .salesperson)
            #expect(historyForbidden == 403)

            // The order keeps the owner and region it was signed under; the customer list follows the new owner.
            let order = try await pageThrough(world, "/v1/orders", as: .salesManager)
            #expect(order.ids == [signed["orderId"] as! String])
            #expect(order.items.first?["owner"] as? String == "alice" && order.items.first?["region"] as? String == "east")
            #expect(try await pageThrough(world, "/v1/customers", as: .salesperson, subject: "bob").ids == [hengda])
            #expect(try await pageThrough(world, "/v1/customers", as: .salesperson, subject: "alice").ids == [])
        }
    }

    // MARK: - Helpers

    private func customer(_ world: OrdersWorld, _ name: String, by owner: String, region: String) async throws -> String {
        let (made, status) = try await world.call(
            "POST", "/v1/customers", as: .salesperson, subject: owner,
            json: """
                {"name": "\(name)", "channel": "end_user", "contact": {"person": "Li Wei", "phone": "+86 21 5555 0101"},
                 "deliveryAddress": "88 Jinqiao Road, Shanghai", "region": "\(region)"}
                """)
        guard status == 201, let id = made["id"] as? String else { throw TestFailure("customer \(name): \(status) \(made)") }
        #expect(made["owner"] as? String == owner && made["region"] as? String == region)
        return id
    }

    private func exchange(
        _ world: OrdersWorld, _ path: String, as role: Role, subject: String? = nil
    ) async throws -> (json: [String: Any], answer: (status: Int, headers: [String: String], items: [[String: Any]])) {
        let token = try await world.harness.token(role, subject: subject ?? "\(role.rawValue).user")
        let (body, status, headers) = try await HTTPClient.exchange("GET", "http://127.0.0.1:\(world.process.port)\(path)", token: token)
        let parsed = try? JSONSerialization.jsonObject(with: body)
        return (parsed as? [String: Any] ?? [:], (status, headers, parsed as? [[String: Any]] ?? []))
    }

    private func exchangeArray(_ world: OrdersWorld, _ path: String, as role: Role) async throws -> ([[String: Any]], Int) {
        let (_, answer) = try await exchange(world, path, as: role)
        return (answer.items, answer.status)
    }

    /// Follows `Link: <…>; rel="next"` from `path` to the last page; fails on anything but 200.
    private func pageThrough(
        _ world: OrdersWorld, _ path: String, as role: Role, subject: String? = nil
    ) async throws -> (ids: [String], items: [[String: Any]], pages: Int) {
        let token = try await world.harness.token(role, subject: subject ?? "\(role.rawValue).user")
        let walked = try await ListPaging.pageThrough(world.harness, world.process, path, token)
        return (walked.ids, walked.items, walked.pages)
    }
}
