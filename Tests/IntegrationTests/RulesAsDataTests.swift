import Foundation
import O2CContracts
import O2CPostgres
import Testing

/// Rules as data (CONTRACT.md "Changes to an order, payments, rules as data"): the settings of orders and
/// credit and the business calendar orders owns, changed over HTTP by general_manager, kept with their
/// history, and applied to what is decided after the change — by orders (price authority, saga deadlines)
/// and by finance (due dates), each service a process on the real servers, on test clocks.
@Suite("Rules as data: settings, the business calendar and their history (all services as processes, test clocks)", .serialized)
struct RulesAsDataTests {
    /// Monday 2027-03-01, 10:00 in Shanghai.
    static let start = "2027-03-01T02:00:00Z"
    static let shanghai = BusinessCalendar()

    static func json(_ body: Data) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:]
    }

    static func fields(_ body: Data) -> [String] {
        ((json(body)["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }

    static func date(_ text: Any?) throws -> Date {
        try Date(try #require(text as? String), strategy: .iso8601)
    }

    @Test(
        "DOMAIN.md Prices and approvals: a lowered major-deal threshold makes the next quote need general_manager, not one already approved; only general_manager changes it; bad values 422 naming the field; every change in the history; kept over a restart"
    )
    func majorDealThresholdAndSettingsHistory() async throws {
        try await ServiceHarness.run("orders") { h in
            var orders = try await h.start(["O2C_TEST_CLOCK": "1"])
            let gm = try await h.token(.generalManager, subject: "gm-1")
            let sales = try await h.token(.salesperson, subject: "sp-1")
            let manager = try await h.token(.salesManager, subject: "sm-1")
            let (_, moved) = try await h.http("PUT", orders, "/v1/admin/test-clock", token: gm, json: #"{"now":"\#(Self.start)"}"#)
            #expect(moved == 200)
            let (_, product) = try await h.http(
                "POST", orders, "/v1/products", token: manager,
                json:
                    #"{"sku":"FL-100","name":"Flange","spec":"DN100","unit":"piece","marketPrice":"1200.00","dealerFloorPrice":"1000.00","factoryFloorPrice":"800.00"}"#
            )
            #expect(product == 201)
            let (customerBody, _) = try await h.http(
                "POST", orders, "/v1/customers", token: sales,
                json:
                    #"{"name":"Acme","channel":"end_user","contact":{"person":"Li","phone":"138"},"deliveryAddress":"1 Foundry Rd"}"#)
            let customerId = try #require(Self.json(customerBody)["id"] as? String)
            func quote() async throws -> [String: Any] {
                let (body, status) = try await h.http(
                    "POST", orders, "/v1/quotes", token: sales,
                    json:
                        #"{"customerId":"\#(customerId)","lines":[{"sku":"FL-100","quantity":10,"unitPrice":"1200.00"}],"validUntil":"2030-01-01"}"#
                )
                #expect(status == 201, "\(String(decoding: body, as: UTF8.self))")
                return Self.json(body)
            }

            // The defaults of DOMAIN.md.
            let (defaultsBody, _) = try await h.http("GET", orders, "/v1/settings", token: sales)
            let defaults = Self.json(defaultsBody)
            #expect(defaults["majorDealThreshold"] as? String == "500000.00")
            #expect(defaults["customerConfirmationHours"] as? Int == 4)
            #expect(defaults["paymentNoticeDays"] as? Int == 1)
            #expect(defaults["shipWithinWorkingDays"] as? Int == 2)
            #expect(defaults["shipmentNoticeWorkingDays"] as? Int == 2)
            #expect(defaults["waybillWorkingDays"] as? Int == 1)
            #expect(defaults["unpaidDepositDays"] as? Int == 7)

            // 12,000.00 at the market price, under 500,000.00: approved with no approval needed.
            let earlier = try await quote()
            let earlierId = try #require(earlier["id"] as? String)
            #expect(earlier["status"] as? String == "approved")
            #expect((earlier["requiredApprovals"] as? [String]) == [])

            // Nobody but general_manager changes a setting.
            for role in Role.allCases where role != .generalManager {
                let token = try await h.token(role, subject: "not-gm")
                let (body, status) = try await h.http(
                    "PUT", orders, "/v1/settings", token: token, json: #"{"majorDealThreshold":"10000.00"}"#)
                #expect(status == 403, "\(role.rawValue): \(String(decoding: body, as: UTF8.self))")
            }
            // Bad values: 422 naming the field, nothing changed.
            let bad: [(String, String)] = [
                (#"{"majorDealThreshold":"0.00"}"#, "majorDealThreshold"),
                (#"{"majorDealThreshold":"12.345"}"#, "majorDealThreshold"),
                (#"{"majorDealThreshold":10000}"#, "majorDealThreshold"),
                (#"{"shipWithinWorkingDays":0}"#, "shipWithinWorkingDays"),
                (#"{"unpaidDepositDays":91}"#, "unpaidDepositDays"),
                (#"{"customerConfirmationHours":"4"}"#, "customerConfirmationHours"),
                (#"{"waybillWorkingDays":1.5}"#, "waybillWorkingDays"),
                (#"{"holidays":["2027-03-02"]}"#, "holidays"),
            ]
            for (json, field) in bad {
                let (body, status) = try await h.http("PUT", orders, "/v1/settings", token: gm, json: json)
                #expect(status == 422, "\(json): \(status)")
                #expect(Self.fields(body).contains(field), "\(json): \(String(decoding: body, as: UTF8.self))")
            }
            let (emptyHistory, _) = try await h.http("GET", orders, "/v1/settings/history", token: gm)
            #expect((try JSONSerialization.jsonObject(with: emptyHistory) as? [Any])?.isEmpty == true)

            // general_manager lowers the threshold to 10,000.00 (only the key that changes is sent).
            let (changedBody, changed) = try await h.http(
                "PUT", orders, "/v1/settings", token: gm, json: #"{"majorDealThreshold":"10000.00"}"#)
            #expect(changed == 200)
            #expect(Self.json(changedBody)["majorDealThreshold"] as? String == "10000.00")
            #expect(Self.json(changedBody)["unpaidDepositDays"] as? Int == 7, "the other settings stay")

            // The next quote of the same 12,000.00 needs general_manager; the one approved before keeps its approvals.
            let next = try await quote()
            #expect(next["status"] as? String == "pending_approval")
            #expect((next["requiredApprovals"] as? [String]) == ["general_manager"])
            let (againBody, _) = try await h.http("GET", orders, "/v1/quotes/\(earlierId)", token: sales)
            #expect(Self.json(againBody)["status"] as? String == "approved")
            #expect((Self.json(againBody)["requiredApprovals"] as? [String]) == [])

            // The history: who, in which role, when (the service clock), before and after.
            func history() async throws -> [[String: Any]] {
                let (body, status) = try await h.http("GET", orders, "/v1/settings/history", token: try await h.token(.auditor))
                #expect(status == 200)
                return (try JSONSerialization.jsonObject(with: body) as? [[String: Any]]) ?? []
            }
            let changes = try await history()
            #expect(changes.count == 1, "\(changes)")
            let change = try #require(changes.first)
            #expect(change["changedBy"] as? String == "gm-1")
            #expect(change["changedRole"] as? String == "general_manager")
            let changedAt = try Self.date(change["changedAt"])
            let clockStart = try Date(Self.start, strategy: .iso8601)
            #expect(changedAt >= clockStart && changedAt < clockStart.addingTimeInterval(600), "on the test clock: \(changedAt)")
            #expect((change["before"] as? [String: Any])?["majorDealThreshold"] as? String == "500000.00")
            #expect((change["after"] as? [String: Any])?["majorDealThreshold"] as? String == "10000.00")

            // A change that changes nothing is no change.
            let (_, same) = try await h.http("PUT", orders, "/v1/settings", token: gm, json: #"{"majorDealThreshold":"10000.00"}"#)
            #expect(same == 200)
            #expect(try await history().count == 1)

            // Restarted, the service keeps the changed settings and their history.
            #expect(await orders.terminate() == 0)
            orders = try await h.start(["O2C_TEST_CLOCK": "1"])
            let (afterRestart, _) = try await h.http("GET", orders, "/v1/settings", token: sales)
            #expect(Self.json(afterRestart)["majorDealThreshold"] as? String == "10000.00")
            #expect(try await history().count == 1)
        }
    }

    @Test(
        "DOMAIN.md The order-to-cash flow deadlines (the customer confirms within 4 hours): customerConfirmationHours as it was when the contract was signed"
    )
    func customerConfirmationHoursAtSigning() async throws {
        try await ServiceHarness.run("orders") { h in
            let orders = try await h.start(["O2C_TEST_CLOCK": "1"])
            let gm = try await h.token(.generalManager, subject: "gm-1")
            let sales = try await h.token(.salesperson, subject: "sp-1")
            let admin = try await h.token(.salesAdmin, subject: "sa-1")
            let manager = try await h.token(.salesManager, subject: "sm-1")
            _ = try await h.http("PUT", orders, "/v1/admin/test-clock", token: gm, json: #"{"now":"\#(Self.start)"}"#)
            _ = try await h.http(
                "POST", orders, "/v1/products", token: manager,
                json:
                    #"{"sku":"FL-100","name":"Flange","spec":"DN100","unit":"piece","marketPrice":"1200.00","dealerFloorPrice":"1000.00","factoryFloorPrice":"800.00"}"#
            )
            let (customerBody, _) = try await h.http(
                "POST", orders, "/v1/customers", token: sales,
                json:
                    #"{"name":"Acme","channel":"end_user","contact":{"person":"Li","phone":"138"},"deliveryAddress":"1 Foundry Rd"}"#)
            let customerId = try #require(Self.json(customerBody)["id"] as? String)
            func sign() async throws -> String {
                let (quoteBody, _) = try await h.http(
                    "POST", orders, "/v1/quotes", token: sales,
                    json:
                        #"{"customerId":"\#(customerId)","lines":[{"sku":"FL-100","quantity":10,"unitPrice":"1200.00"}],"validUntil":"2030-01-01"}"#
                )
                let quoteId = try #require(Self.json(quoteBody)["id"] as? String)
                _ = try await h.http("POST", orders, "/v1/quotes/\(quoteId)/send", token: sales)
                _ = try await h.http("POST", orders, "/v1/quotes/\(quoteId)/accept", token: sales)
                let (contractBody, _) = try await h.http(
                    "POST", orders, "/v1/contracts", token: sales,
                    json:
                        #"{"quoteId":"\#(quoteId)","deliveryAddress":"1 Foundry Rd","requestedDeliveryDate":"2030-01-01"}"#)
                let contractId = try #require(Self.json(contractBody)["id"] as? String)
                let (signedBody, signed) = try await h.http("POST", orders, "/v1/contracts/\(contractId)/sign", token: admin)
                #expect(signed == 201, "\(String(decoding: signedBody, as: UTF8.self))")
                return try #require(Self.json(signedBody)["orderId"] as? String)
            }
            func confirmationDue(_ orderId: String) async throws -> TimeInterval {
                let (body, _) = try await h.http("GET", orders, "/v1/orders/\(orderId)", token: manager)
                let saga = try #require(Self.json(body)["saga"] as? [String: Any])
                return try Self.date(saga["nextDeadline"]).timeIntervalSince(try Date(Self.start, strategy: .iso8601))
            }
            let before = try await sign()
            let (_, changed) = try await h.http("PUT", orders, "/v1/settings", token: gm, json: #"{"customerConfirmationHours":8}"#)
            #expect(changed == 200)
            let after = try await sign()
            // Signed a few seconds after the clock was set: due 4 (8) hours later.
            let (dueBefore, dueAfter) = (try await confirmationDue(before), try await confirmationDue(after))
            #expect(dueBefore >= 4 * 3_600 && dueBefore < 4 * 3_600 + 600, "\(dueBefore)")
            #expect(dueAfter >= 8 * 3_600 && dueAfter < 8 * 3_600 + 600, "\(dueAfter)")
        }
    }

    @Test(
        "CONTRACT.md rules as data: the business calendar of a year, set by general_manager only, dates of that year, every change in its history, kept over a restart"
    )
    func calendarRoutes() async throws {
        try await ServiceHarness.run("orders") { h in
            var orders = try await h.start(["O2C_TEST_CLOCK": "1"])
            let gm = try await h.token(.generalManager, subject: "gm-1")
            let events = try await h.capture([CalendarChanged.routingKey])
            let (emptyBody, empty) = try await h.http("GET", orders, "/v1/calendar/2027", token: try await h.token(.warehouseKeeper))
            #expect(empty == 200)
            #expect((Self.json(emptyBody)["holidays"] as? [String]) == [])

            let body = #"{"holidays":["2027-10-01","2027-10-04","2027-10-01"],"workingWeekends":["2027-10-09"]}"#
            for role in Role.allCases where role != .generalManager {
                let (_, status) = try await h.http("PUT", orders, "/v1/calendar/2027", token: try await h.token(role), json: body)
                #expect(status == 403, "\(role.rawValue)")
            }
            let bad: [(String, String, String)] = [
                ("2027", #"{"holidays":["2028-01-01"],"workingWeekends":[]}"#, "holidays[0]"),
                ("2027", #"{"holidays":[],"workingWeekends":["2027-10-11"]}"#, "workingWeekends[0]"),  // a Monday
                ("2027", #"{"holidays":["2027-10-09"],"workingWeekends":["2027-10-09"]}"#, "workingWeekends[0]"),
                ("2027", #"{"holidays":["2027-02-30"],"workingWeekends":[]}"#, "holidays[0]"),
                ("2027", #"{"holidays":[]}"#, "workingWeekends"),
                ("27", #"{"holidays":[],"workingWeekends":[]}"#, "year"),
            ]
            for (year, json, field) in bad {
                let (answer, status) = try await h.http("PUT", orders, "/v1/calendar/\(year)", token: gm, json: json)
                #expect(status == 422, "\(json): \(status)")
                #expect(Self.fields(answer).contains(field), "\(json): \(String(decoding: answer, as: UTF8.self))")
            }

            let (setBody, set) = try await h.http("PUT", orders, "/v1/calendar/2027", token: gm, json: body)
            #expect(set == 200, "\(String(decoding: setBody, as: UTF8.self))")
            #expect((Self.json(setBody)["holidays"] as? [String]) == ["2027-10-01", "2027-10-04"])
            let broadcast = try await events.next(CalendarChanged.self) { $0.year == 2027 }
            #expect(broadcast.holidays == [CalendarDate("2027-10-01")!, CalendarDate("2027-10-04")!])
            #expect(broadcast.workingWeekends == [CalendarDate("2027-10-09")!])
            #expect(broadcast.changedBy == "gm-1")

            let (_, second) = try await h.http(
                "PUT", orders, "/v1/calendar/2027", token: gm, json: #"{"holidays":["2027-10-01"],"workingWeekends":[]}"#)
            #expect(second == 200)
            let (historyBody, _) = try await h.http("GET", orders, "/v1/calendar/2027/history", token: try await h.token(.auditor))
            let history = (try JSONSerialization.jsonObject(with: historyBody) as? [[String: Any]]) ?? []
            #expect(history.count == 2, "\(history)")
            #expect(history.allSatisfy { $0["changedBy"] as? String == "gm-1" && $0["changedRole"] as? String == "general_manager" })
            #expect(((history.first?["before"] as? [String: Any])?["holidays"] as? [String]) == [])
            #expect(((history.last?["before"] as? [String: Any])?["holidays"] as? [String]) == ["2027-10-01", "2027-10-04"])
            #expect(((history.last?["after"] as? [String: Any])?["holidays"] as? [String]) == ["2027-10-01"])
            #expect(try history.allSatisfy { try Self.date($0["changedAt"]) > .distantPast })

            #expect(await orders.terminate() == 0)
            orders = try await h.start(["O2C_TEST_CLOCK": "1"])
            let (kept, _) = try await h.http("GET", orders, "/v1/calendar/2027", token: gm)
            #expect((Self.json(kept)["holidays"] as? [String]) == ["2027-10-01"])
            #expect((Self.json(kept)["workingWeekends"] as? [String]) == [])
        }
    }

    @Test(
        "DOMAIN.md Credit (deposit ratio, default 30%): a changed defaultDepositRatio is what a profile set without a ratio gets; only general_manager; bad values 422; history; kept over a restart"
    )
    func creditDefaultDepositRatio() async throws {
        try await ServiceHarness.run("credit") { h in
            var credit = try await h.start()
            let gm = try await h.token(.generalManager, subject: "gm-1")
            let finance = try await h.token(.finance, subject: "fin-1")
            func profile(_ customerId: String) async throws -> [String: Any] {
                let (body, status) = try await h.http(
                    "PUT", credit, "/v1/customers/\(customerId)/credit-profile", token: finance,
                    json: #"{"grade":"B","creditLimit":"100000.00"}"#)
                #expect(status == 201, "\(String(decoding: body, as: UTF8.self))")
                return Self.json(body)
            }
            #expect(try await profile("c-before")["depositRatio"] as? String == "0.30")
            let (_, forbidden) = try await h.http("PUT", credit, "/v1/settings", token: finance, json: #"{"defaultDepositRatio":"0.40"}"#)
            #expect(forbidden == 403)
            for (json, field) in [
                (#"{"defaultDepositRatio":"1.5"}"#, "defaultDepositRatio"), (#"{"defaultDepositRatio":0.4}"#, "defaultDepositRatio"),
                (#"{"depositRatio":"0.40"}"#, "depositRatio"),
            ] {
                let (body, status) = try await h.http("PUT", credit, "/v1/settings", token: gm, json: json)
                #expect(status == 422, "\(json)")
                #expect(Self.fields(body).contains(field), "\(json): \(String(decoding: body, as: UTF8.self))")
            }
            let (changed, status) = try await h.http("PUT", credit, "/v1/settings", token: gm, json: #"{"defaultDepositRatio":"0.40"}"#)
            #expect(status == 200)
            #expect(Self.json(changed)["defaultDepositRatio"] as? String == "0.40")
            #expect(try await profile("c-after")["depositRatio"] as? String == "0.40")
            let (old, _) = try await h.http("GET", credit, "/v1/customers/c-before/credit", token: finance)
            #expect(Self.json(old)["depositRatio"] as? String == "0.30", "a profile keeps the ratio it was given")

            #expect(await credit.terminate() == 0)
            credit = try await h.start()
            let (historyBody, _) = try await h.http("GET", credit, "/v1/settings/history", token: finance)
            let history = (try JSONSerialization.jsonObject(with: historyBody) as? [[String: Any]]) ?? []
            #expect(history.count == 1)
            #expect(history.first?["changedBy"] as? String == "gm-1")
            #expect(history.first?["changedRole"] as? String == "general_manager")
            #expect((history.first?["before"] as? [String: Any])?["defaultDepositRatio"] as? String == "0.30")
            #expect((history.first?["after"] as? [String: Any])?["defaultDepositRatio"] as? String == "0.40")
            let (kept, _) = try await h.http("GET", credit, "/v1/settings", token: finance)
            #expect(Self.json(kept)["defaultDepositRatio"] as? String == "0.40")
        }
    }

    func setClocks(_ world: OrderToCashWorld, _ instant: String) async throws {
        _ = try await world.call("PUT", world.orders, "/v1/admin/test-clock", as: .customerService, #"{"now":"\#(instant)"}"#)
        _ = try await world.call("PUT", world.finance, "/v1/admin/test-clock", as: .finance, #"{"now":"\#(instant)"}"#)
    }

    @Test(
        "DOMAIN.md The order-to-cash flow deadlines (goods leave within 2 working days; unpaid deposit after N days): a holiday added to the calendar moves the ship-by of an order signed after it and finance's due dates; unpaidDepositDays moves the deposit's due date"
    )
    func holidayMovesShipByAndDueDates() async throws {
        let testClock = ["O2C_TEST_CLOCK": "1"]
        try await OrderToCashWorld.run(financeEnvironment: testClock, ordersEnvironment: testClock, withAfterSales: true) { world in
            let shipments = try await world.harness.capture([ShipmentRequested.routingKey])
            try await setClocks(world, Self.start)
            let customerId = try await world.customer(grade: "B")

            // Before the change: signed Monday 10:00, deposit paid then: ship by Wednesday; the grade-B balance of
            // goods signed for on Tuesday 2027-03-02 is due that day; the deposit 7 days after it was invoiced.
            let first = try await world.placeOrder(customerId)
            #expect(try await world.invoice(first, kind: "deposit")["dueDate"] as? String == "2027-03-08")
            try await world.payDeposit(customerId, first)
            let firstShipment = try await shipments.next(ShipmentRequested.self) { $0.orderId == first }
            #expect(Self.shanghai.day(of: firstShipment.shipBy) == CalendarDate("2027-03-03"), "\(firstShipment.shipBy)")
            try await world.ship(first)
            try await world.deliver(first, signedAt: "2027-03-02T02:00:00Z")
            #expect(try await world.invoice(first, kind: "balance")["dueDate"] as? String == "2027-03-02")
            _ = try await world.invoice(first, kind: "freight")
            try await world.payOutstanding(customerId, reference: "BAL-\(first)")
            try await world.waitForStatus(first, "completed")

            // general_manager declares Tuesday 2027-03-02 a holiday and gives a 10-day deposit window.
            _ = try await world.call(
                "PUT", world.orders, "/v1/calendar/2027", as: .generalManager,
                #"{"holidays":["2027-03-02"],"workingWeekends":[]}"#)
            _ = try await world.call("PUT", world.orders, "/v1/settings", as: .generalManager, #"{"unpaidDepositDays":10}"#)
            // Every service that counts working days holds it in its own schema: finance, and after-sales for returns.
            for schema in [world.financeSchema, world.afterSalesSchema] {
                try await eventually("\(schema) holds the 2027 calendar", timeout: .seconds(30), every: .milliseconds(200)) {
                    let rows = try await world.harness.admin.query(
                        "select holidays from \(identifier: schema).calendar_years where year = 2027"
                    ).rows
                    return try rows.first?.string("holidays").contains("2027-03-02") == true
                }
            }

            // After it: the same order signed at the same time ships by Thursday (Tuesday is off), its deposit
            // falls due 10 days after it was invoiced, and a balance signed for on the holiday is due the next
            // working day. The first order keeps what was decided for it.
            let second = try await world.placeOrder(customerId)
            #expect(try await world.invoice(second, kind: "deposit")["dueDate"] as? String == "2027-03-11")
            try await world.payDeposit(customerId, second)
            let secondShipment = try await shipments.next(ShipmentRequested.self) { $0.orderId == second }
            #expect(Self.shanghai.day(of: secondShipment.shipBy) == CalendarDate("2027-03-04"), "\(secondShipment.shipBy)")
            #expect(secondShipment.shipBy.timeIntervalSince(firstShipment.shipBy) >= 86_400)
            try await world.ship(second)
            try await world.deliver(second, signedAt: "2027-03-02T02:00:00Z")
            #expect(try await world.invoice(second, kind: "balance")["dueDate"] as? String == "2027-03-03")
            _ = try await world.invoice(second, kind: "freight")
            try await world.payOutstanding(customerId, reference: "BAL-\(second)")
            try await world.waitForStatus(second, "completed")
            #expect(try await world.invoice(first, kind: "balance")["dueDate"] as? String == "2027-03-02")
            #expect(try await world.invoice(first, kind: "deposit")["dueDate"] as? String == "2027-03-08")
            try await world.expectLedgerBalances(customerId)
        }
    }
}
