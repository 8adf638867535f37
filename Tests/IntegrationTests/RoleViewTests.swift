import Foundation
import O2CContracts
import O2CMessaging
import Testing

/// What each role sees of the reads whose answer differs by role, on real data (DOMAIN.md
/// "Confidentiality"; docs/SECURITY.md "Roles and routes"): dispatch notes and their access log, a
/// carrier's own notes and signatures, the gate pass, and an order without prices or buyer.
@Suite("Each role sees its part (DOMAIN.md Confidentiality; real RabbitMQ and PostgreSQL, separate process)", .serialized)
struct RoleViewTests {
    static func object(_ body: Data) -> [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    static func list(_ body: Data) -> [[String: Any]] { (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? [] }
    static func code(_ body: Data) -> String? { object(body)["code"] as? String }

    static func waybill(carrier: String?) -> String {
        let named = carrier.map { #""carrier": "\#($0)", "# } ?? ""
        return "{" + named
            + #""signedBy": "司机 刘", "waybill": {"quantity": 10, "unitFreight": "15.00", "pricingUnit": "piece", "consignee": "陈先生", "address": "上海市浦东新区张江路 88 号", "phone": "021-5555-0101", "totalFreight": "150.00", "destination": "上海"}}"#
    }

    @Test(
        "Confidentiality: the dispatch-note list by role and logged; a carrier reads, signs and delivers only the notes handed to it; the gate sees no customer"
    )
    func dispatchNotes() async throws {
        try await ServiceHarness.run("warehouse-dispatch") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["warehouse.#"])
            let keeper = try await harness.token(.warehouseKeeper, subject: "keeper-li")
            let admin = try await harness.token(.salesAdmin, subject: "admin-wang")
            let carrierA = try await harness.token(.carrier, subject: "carrier-a")
            let carrierB = try await harness.token(.carrier, subject: "carrier-b")
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-100", token: keeper, json: #"{"warehouse": "main", "onHand": 100}"#)
                    .status == 200)
            var notes: [String: String] = [:]
            for (order, customer) in [("o-a", "华东建材有限公司"), ("o-b", "苏州装饰工程公司")] {
                try await harness.publish(
                    WarehouseServiceTests.request(order, sku: "FL-100", quantity: 10, customer: customer), correlationID: order)
                notes[order] = try await capture.next(DispatchNoteIssued.self) { $0.orderId == order }.dispatchNoteId
            }
            let noteA = "/v1/dispatch-notes/\(notes["o-a"] ?? "")"
            let noteB = "/v1/dispatch-notes/\(notes["o-b"] ?? "")"
            for note in [noteA, noteB] {
                #expect(
                    try await harness.http(
                        "POST", process, "\(note)/pick", token: keeper,
                        json: #"{"lines": [{"sku": "FL-100", "quantity": 10}], "pickedBy": ["li"]}"#
                    ).status == 200)
            }

            // Hand-over: the keeper names carrier-a; carrier-b signs for itself, not for anyone else.
            #expect(
                try await harness.http("POST", process, "\(noteA)/handover", token: keeper, json: Self.waybill(carrier: "carrier-a")).status
                    == 200)
            #expect(
                try await harness.http("POST", process, "\(noteB)/handover", token: keeper, json: Self.waybill(carrier: nil)).status == 422,
                "the keeper must name the carrier")
            let forged = try await harness.http(
                "POST", process, "\(noteB)/handover", token: carrierB, json: Self.waybill(carrier: "carrier-a"))
            #expect(forged.status == 403 && Self.code(forged.body) == "not_your_note")
            let signed = try await harness.http("POST", process, "\(noteB)/handover", token: carrierB, json: Self.waybill(carrier: nil))
            #expect(signed.status == 200 && Self.object(signed.body)["carrier"] as? String == "carrier-b")
            #expect(Self.object(signed.body)["customerName"] == nil, "the carrier's answer is its view")

            // The cross-order list: the roles whose task needs every note; one order's notes for customer
            // service and finance; a carrier its own notes, without the customer's name; no one else.
            let (allBody, allStatus) = try await harness.http("GET", process, "/v1/dispatch-notes", token: keeper)
            let all = Self.list(allBody)
            #expect(
                allStatus == 200 && all.count == 2 && all.allSatisfy { $0["customerName"] is String && $0["deliveryAddress"] is String })
            let service = try await harness.token(.customerService, subject: "cs-zhao")
            let refused = try await harness.http("GET", process, "/v1/dispatch-notes", token: service)
            #expect(refused.status == 403 && Self.code(refused.body) == "forbidden_role")
            let oneOrder = try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-b", token: service)
            #expect(oneOrder.status == 200 && Self.list(oneOrder.body).map { $0["orderId"] as? String } == ["o-b"])
            for role in [Role.salesperson, .gatekeeper, .technician, .branchManager] {
                let (_, status) = try await harness.http(
                    "GET", process, "/v1/dispatch-notes?orderId=o-a", token: try await harness.token(role))
                #expect(status == 403, "\(role.rawValue) reads no dispatch notes")
            }
            let (ownBody, ownStatus) = try await harness.http("GET", process, "/v1/dispatch-notes", token: carrierA)
            let own = Self.list(ownBody)
            #expect(ownStatus == 200 && own.map { $0["orderId"] as? String } == ["o-a"])
            #expect(own.first?["deliveryAddress"] as? String == "上海市浦东新区张江路 88 号 (tel 021-5555-0101)", "the carrier sees where it drives")
            #expect(own.first?["customerName"] == nil && own.first?["carrier"] as? String == "carrier-a")
            let otherOrder = try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-b", token: carrierA)
            #expect(otherOrder.status == 200 && Self.list(otherOrder.body).isEmpty)
            let ownText = String(decoding: ownBody, as: UTF8.self)
            #expect(!ownText.contains("苏州装饰工程公司") && !ownText.contains("华东建材有限公司"))

            // Single reads: a carrier cannot probe another carrier's note.
            #expect(try await harness.http("GET", process, noteB, token: carrierA).status == 404)
            let (mineBody, mineStatus) = try await harness.http("GET", process, noteA, token: carrierA)
            #expect(mineStatus == 200 && Self.object(mineBody)["customerName"] == nil && Self.object(mineBody)["deliveryAddress"] is String)
            #expect(
                Self.object(try await harness.http("GET", process, noteB, token: service).body)["customerName"] as? String == "苏州装饰工程公司")

            // The access log: every list read, newest first; only its three roles read it.
            let manager = try await harness.token(.generalManager, subject: "gm-sun")
            let (logBody, logStatus) = try await harness.http("GET", process, "/v1/access-log?limit=4", token: manager)
            let log = Self.list(logBody)
            #expect(logStatus == 200 && log.count == 4)
            #expect(log.map { $0["readBy"] as? String } == ["carrier-a", "carrier-a", "cs-zhao", "keeper-li"])
            #expect(
                log.first?["role"] as? String == "carrier" && log.first?["filter"] as? String == "orderId=o-b"
                    && log.first?["notes"] as? Int == 0)
            #expect(log[1]["filter"] as? String == "all orders" && log[1]["notes"] as? Int == 1)
            #expect(log[3]["role"] as? String == "warehouse_keeper" && log[3]["notes"] as? Int == 2)
            #expect(try await harness.http("GET", process, "/v1/access-log", token: carrierA).status == 403)
            #expect(try await harness.http("GET", process, "/v1/access-log", token: keeper).status == 403)
            #expect(try await harness.http("GET", process, "/v1/access-log?limit=0", token: manager).status == 422)
            let rows = try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).access_log").rows[0].int("n")
            #expect(rows == 4, "the four list reads are logged, the refused ones are not")

            // The gate: what the pass lets out, no customer, address, phone or price.
            let (passBody, _) = try await harness.http("POST", process, "\(noteA)/gate-pass", token: admin)
            let pass = try #require(Self.object(passBody)["gatePassId"] as? String)
            let gatekeeper = try await harness.token(.gatekeeper, subject: "gate-zhou")
            let (gateBody, gateStatus) = try await harness.http("GET", process, "/v1/gate-passes/\(pass)", token: gatekeeper)
            let gate = Self.object(gateBody)
            #expect(
                gateStatus == 200 && gate["carrier"] as? String == "carrier-a" && gate["orderId"] as? String == "o-a"
                    && gate["used"] as? Bool == false)
            #expect((gate["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 10)
            let gateText = String(decoding: gateBody, as: UTF8.self)
            #expect(
                !gateText.contains("张江路") && !gateText.contains("华东建材") && !gateText.contains("021-5555") && !gateText.contains("Freight"))
            #expect(try await harness.http("GET", process, "/v1/gate-passes/\(pass)", token: carrierA).status == 403)
            #expect(try await harness.http("POST", process, "/v1/gate-passes/\(pass)/release", token: gatekeeper).status == 200)

            // Delivery: only the carrier the note was handed to.
            let delivery = #"{"signedBy": "陈先生", "signedAt": "2026-11-25T09:30:00Z"}"#
            let wrong = try await harness.http("POST", process, "\(noteA)/delivery", token: carrierB, json: delivery)
            #expect(wrong.status == 403 && Self.code(wrong.body) == "not_your_note")
            #expect(try await harness.http("POST", process, "\(noteA)/delivery", token: carrierA, json: delivery).status == 200)
            _ = try await capture.next(DeliveryConfirmed.self) { $0.orderId == "o-a" }
        }
    }

    @Test(
        "Confidentiality: carrier, gatekeeper, technician and warehouse_keeper read an order without prices or buyer; the sales roles with them"
    )
    func orderView() async throws {
        try await OrdersWorld.with { world in
            let (order, customer) = try await world.signedOrder()
            for role in [Role.carrier, .gatekeeper, .technician, .warehouseKeeper] {
                let view = try await world.ok("GET", "/v1/orders/\(order)", as: role)
                #expect(view["id"] as? String == order && view["status"] is String && view["saga"] is [String: Any], "\(role.rawValue)")
                for field in ["total", "customerId", "buyerName", "contractId"] {
                    #expect(view[field] == nil, "\(role.rawValue) sees \(field)")
                }
                let lines = view["lines"] as? [[String: Any]] ?? []
                #expect(lines.count == 1 && lines.first?["sku"] as? String == "P-1" && lines.first?["quantity"] as? Int == 10)
                #expect(lines.first?["unitPrice"] == nil, "\(role.rawValue) sees a unit price")
            }
            for role in [Role.salesperson, .finance, .auditor] {
                let view = try await world.ok("GET", "/v1/orders/\(order)", as: role)
                #expect(
                    view["total"] as? String == "1000.00" && view["customerId"] as? String == customer
                        && view["buyerName"] as? String == "Hengda Trading")
                #expect((view["lines"] as? [[String: Any]])?.first?["unitPrice"] as? String == "100.00")
            }
        }
    }
}
