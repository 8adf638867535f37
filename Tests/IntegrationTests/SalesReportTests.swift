import Foundation
import O2CContracts
import Testing

/// The sales reports as a real process (CONTRACT.md "The department's daily work", Reports; DOMAIN.md
/// "Reports"): each figure checked against sums the test computes from the orders it made, and the CSV against
/// the JSON.
@Suite("Sales reports (CONTRACT.md The department's daily work; DOMAIN.md Reports)", .serialized)
struct SalesReportTests {
    struct Sold { var owner: String, region: String, customer: String, lines: [(sku: String, quantity: Int)] }

    @Test(
        "Reports: sales by salesperson, region, product and customer, the month's target achievement and the product ranking match the orders signed; CSV carries the same figures"
    )
    func salesReportsMatchTheOrders() async throws {
        try await OrdersWorld.with { world in
            for sku in ["P-1", "P-2", "P-3"] { try await world.product(sku) }
            let hengda = try await customer(world, "Hengda Trading", owner: "alice", region: "east")
            let jinqiao = try await customer(world, "Jinqiao Pumps", owner: "alice", region: "east")
            let beifang = try await customer(world, "Beifang Steel", owner: "bob", region: "north")
            let sold = [
                Sold(owner: "alice", region: "east", customer: hengda, lines: [("P-1", 10), ("P-2", 3)]),
                Sold(owner: "alice", region: "east", customer: jinqiao, lines: [("P-1", 5)]),
                Sold(owner: "bob", region: "north", customer: beifang, lines: [("P-2", 7)]),
                Sold(owner: "bob", region: "north", customer: beifang, lines: [("P-1", 1), ("P-2", 1)]),
            ]
            for order in sold { try await sign(world, order) }
            // Every product is priced 100.00 (OrdersWorld.product): an order's amount is 100.00 per unit.
            func amount(_ orders: [Sold]) -> String {
                let units = orders.flatMap(\.lines).reduce(0) { $0 + $1.quantity }
                return "\(units * 100).00"
            }
            let today = BusinessCalendar().day(of: Date())
            let window = "from=\(today.adding(days: -1))&to=\(today.adding(days: 1))"

            let bySalesperson = try await report(world, "/v1/reports/sales?\(window)&groupBy=salesperson")
            #expect(
                groups(bySalesperson) == [
                    "alice": amount(sold.filter { $0.owner == "alice" }), "bob": amount(sold.filter { $0.owner == "bob" }),
                ])
            #expect(bySalesperson["total"] as? String == amount(sold))
            let byRegion = try await report(world, "/v1/reports/sales?\(window)&groupBy=region")
            #expect(
                groups(byRegion) == [
                    "east": amount(sold.filter { $0.region == "east" }), "north": amount(sold.filter { $0.region == "north" }),
                ])
            let byCustomer = try await report(world, "/v1/reports/sales?\(window)&groupBy=customer")
            #expect(groups(byCustomer)[beifang] == amount(sold.filter { $0.customer == beifang }))
            #expect(groups(byCustomer).count == 3)
            let byProduct = try await report(world, "/v1/reports/sales?\(window)&groupBy=product")
            let units = Dictionary(sold.flatMap(\.lines).map { ($0.sku, $0.quantity) }, uniquingKeysWith: +)
            #expect(groups(byProduct) == units.mapValues { "\($0 * 100).00" })
            let quantities = (byProduct["groups"] as? [[String: Any]] ?? []).compactMap { row in
                (row["key"] as? String).map { ($0, row["quantity"] as? Int ?? -1) }
            }
            #expect(Dictionary(quantities, uniquingKeysWith: +) == units)

            // Nothing was sold a month ago.
            let before = try await report(
                world, "/v1/reports/sales?from=\(today.adding(days: -40))&to=\(today.adding(days: -35))&groupBy=salesperson")
            #expect((before["groups"] as? [Any])?.isEmpty == true && before["total"] as? String == "0.00")

            // The month's targets: alice 2,000.00, the north region 5,000.00, the department 10,000.00.
            let month = String(today.description.prefix(7))
            let targets =
                #"{"targets": [{"salesperson": "alice", "amount": "2000.00"}, {"region": "north", "amount": "5000.00"}, {"amount": "10000.00"}]}"#
            let (_, refused) = try await world.call("PUT", "/v1/sales-targets/\(month)", as: .salesperson, json: targets)
            #expect(refused == 403)
            try await world.ok("PUT", "/v1/sales-targets/\(month)", as: .salesManager, json: targets)
            let achievement = try await report(world, "/v1/reports/target-achievement?period=\(month)")
            let rows = achievement["targets"] as? [[String: Any]] ?? []
            func percent(_ achieved: Int, of target: Int) -> String {
                let hundredths = achieved * 10_000 / target
                return "\(hundredths / 100).\(String(format: "%02d", hundredths % 100))%"
            }
            let alice = sold.filter { $0.owner == "alice" }.flatMap(\.lines).reduce(0) { $0 + $1.quantity } * 100
            let north = sold.filter { $0.region == "north" }.flatMap(\.lines).reduce(0) { $0 + $1.quantity } * 100
            let all = sold.flatMap(\.lines).reduce(0) { $0 + $1.quantity } * 100
            #expect(rows.first { $0["salesperson"] as? String == "alice" }?["achievement"] as? String == percent(alice, of: 2000))
            #expect(rows.first { $0["region"] as? String == "north" }?["achievement"] as? String == percent(north, of: 5000))
            #expect(rows.first { $0["salesperson"] == nil && $0["region"] == nil }?["achievement"] as? String == percent(all, of: 10_000))

            // Best and slowest sellers: P-1 16 units, P-2 11, P-3 none (the slowest).
            let ranking = try await report(world, "/v1/reports/product-ranking?\(window)&top=2")
            #expect((ranking["best"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == ["P-1", "P-2"])
            #expect((ranking["slowest"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == ["P-3", "P-2"])

            // CSV: the same figures, a header line, a quoted name with a comma.
            let token = try await world.harness.token(.salesDirector)
            let (csvBody, csvStatus, headers) = try await HTTPClient.exchange(
                "GET", "http://127.0.0.1:\(world.process.port)/v1/reports/sales?\(window)&groupBy=salesperson", token: token,
                headers: ["Accept": "text/csv"])
            let csv = String(decoding: csvBody, as: UTF8.self)
            #expect(csvStatus == 200 && headers["content-type"]?.hasPrefix("text/csv") == true)
            #expect(csv.hasPrefix("key,name,orders,quantity,amount\r\n"))
            #expect(csv.contains("alice,,2,,\(amount(sold.filter { $0.owner == "alice" }))\r\n"))
            #expect(csv.contains("bob,,2,,\(amount(sold.filter { $0.owner == "bob" }))\r\n"))

            for (query, field) in [
                ("\(window)&groupBy=colour", "groupBy"), ("groupBy=region", "from"), ("from=2026-01-01&to=2027-06-01&groupBy=region", "to"),
                ("\(window)&groupBy=region&sort=amount", "sort"),
            ] {
                let (body, status) = try await world.call("GET", "/v1/reports/sales?\(query)", as: .salesManager)
                #expect(status == 422 && (body["errors"] as? [[String: Any]])?.first?["field"] as? String == field, "\(query)")
            }
            let (_, badPeriod) = try await world.call("GET", "/v1/reports/target-achievement?period=2026-13", as: .salesManager)
            #expect(badPeriod == 422)
        }
    }

    private func customer(_ world: OrdersWorld, _ name: String, owner: String, region: String) async throws -> String {
        let made = try await world.ok(
            "POST", "/v1/customers", as: .salesManager,
            json: """
                {"name": "\(name)", "channel": "end_user", "contact": {"person": "Li Wei", "phone": "+86 21 5555 0101"},
                 "deliveryAddress": "88 Jinqiao Road, Shanghai", "owner": "\(owner)", "region": "\(region)"}
                """, expect: 201)
        return try #require(made["id"] as? String)
    }

    private func sign(_ world: OrdersWorld, _ order: Sold) async throws {
        let lines = order.lines.map { #"{"sku": "\#($0.sku)", "quantity": \#($0.quantity), "unitPrice": "100.00"}"# }.joined(
            separator: ", ")
        let quote = try await world.ok(
            "POST", "/v1/quotes", as: .salesperson,
            json: #"{"customerId": "\#(order.customer)", "lines": [\#(lines)], "validUntil": "2199-12-31"}"#, expect: 201)
        let id = try #require(quote["id"] as? String)
        try await world.ok("POST", "/v1/quotes/\(id)/send", as: .salesperson)
        try await world.ok("POST", "/v1/quotes/\(id)/accept", as: .salesperson)
        let contract = try await world.contract(id)
        try await world.ok("POST", "/v1/contracts/\(contract["id"] as! String)/sign", as: .salesAdmin, expect: 201)
    }

    private func report(_ world: OrdersWorld, _ path: String) async throws -> [String: Any] {
        try await world.ok("GET", path, as: .salesDirector)
    }

    private func groups(_ report: [String: Any]) -> [String: String] {
        Dictionary(
            (report["groups"] as? [[String: Any]] ?? []).compactMap { row in
                (row["key"] as? String).flatMap { key in (row["amount"] as? String).map { (key, $0) } }
            }, uniquingKeysWith: { first, _ in first })
    }
}
