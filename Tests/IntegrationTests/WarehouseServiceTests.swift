import Foundation
import O2CContracts
import O2CMessaging
import Testing

/// The warehouse-dispatch executable as the saga, the warehouse, sales and the gate meet it
/// (DOMAIN.md "Dispatch (发货管理程序)", "Confidentiality"; CONTRACT.md warehouse-dispatch).
@Suite("Warehouse dispatch: DOMAIN.md \"Dispatch\" (real RabbitMQ and PostgreSQL, separate process)", .serialized)
struct WarehouseServiceTests {
    struct Level: Decodable { var sku: String; var onHand: Int; var reserved: Int; var available: Int }
    struct Note: Decodable { var id: String; var orderId: String; var status: String; var deliveryAddress: String }
    struct Pass: Decodable { var gatePassId: String }

    static let shipBy = Date(timeIntervalSince1970: 1_795_000_000)

    static func request(_ orderId: String, sku: String, quantity: Int, customer: String = "华东建材有限公司") -> ShipmentRequested {
        ShipmentRequested(
            orderId: orderId, customerId: "c-\(orderId)", customerName: customer,
            lines: [OrderLine(sku: sku, quantity: quantity, unitPrice: Money("120.00")!)],
            deliveryAddress: "上海市浦东新区张江路 88 号 (tel 021-5555-0101)", shipBy: shipBy)
    }

    static func level(_ harness: ServiceHarness, _ process: ServiceProcess, _ sku: String, _ token: String) async throws -> Level {
        let (body, status) = try await harness.http("GET", process, "/v1/stock/\(sku)", token: token)
        #expect(status == 200)
        return try JSONDecoder().decode(Level.self, from: body)
    }

    static func handled(_ harness: ServiceHarness, _ count: Int) async throws {
        try await eventually("\(count) messages handled") {
            try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).inbox").rows[0].int("n") >= count
        }
    }

    @Test(
        "Dispatch 2-7: note issued with stock reserved once, exact pick, waybill, gate pass used once, dispatch, delivery; stocking plan without address or phone; cancellation releases stock"
    )
    func dispatchFlow() async throws {
        try await ServiceHarness.run("warehouse-dispatch") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["warehouse.#"])
            let keeper = try await harness.token(.warehouseKeeper, subject: "keeper-li")
            let admin = try await harness.token(.salesAdmin, subject: "admin-wang")
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-100", token: keeper, json: #"{"warehouse": "main", "onHand": 100}"#)
                    .status == 200)
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-200", token: keeper, json: #"{"warehouse": "main", "onHand": 20}"#)
                    .status == 200)

            try await harness.publish(Self.request("o-1", sku: "FL-100", quantity: 10), correlationID: "o-1")
            let issued = try await capture.next(DispatchNoteIssued.self) { $0.orderId == "o-1" }
            var stock = try await Self.level(harness, process, "FL-100", keeper)
            #expect(stock.onHand == 100 && stock.reserved == 10 && stock.available == 90)

            // The same request again (another message id), then another order: still one note for o-1.
            try await harness.publish(Self.request("o-1", sku: "FL-100", quantity: 10), correlationID: "o-1")
            try await harness.publish(Self.request("o-2", sku: "FL-200", quantity: 5, customer: "苏州装饰工程公司"), correlationID: "o-2")
            let other = try await capture.next(DispatchNoteIssued.self) { $0.orderId == "o-2" }
            try await Self.handled(harness, 3)
            let (notesBody, _) = try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-1", token: admin)
            let notes = try JSONDecoder().decode([Note].self, from: notesBody)
            #expect(notes.count == 1 && notes.first?.id == issued.dispatchNoteId && notes.first?.status == "issued")
            #expect(notes.first?.deliveryAddress.contains("张江路") == true, "the warehouse sees the address of the note it works on")
            #expect(try await Self.level(harness, process, "FL-100", keeper).reserved == 10)

            // Dispatch 8: the stocking plan names the customer and the ship date, never the address or phone.
            let (planBody, planStatus) = try await harness.http("GET", process, "/v1/stocking-plan", token: admin)
            let plan = String(decoding: planBody, as: UTF8.self)
            #expect(planStatus == 200)
            #expect(plan.contains("华东建材有限公司") && plan.contains("苏州装饰工程公司") && plan.contains("expectedShipDate"))
            #expect(!plan.lowercased().contains("address") && !plan.lowercased().contains("phone"))
            #expect(!plan.contains("张江路") && !plan.contains("021-5555"))

            let note = "/v1/dispatch-notes/\(issued.dispatchNoteId)"
            let short = try await harness.http(
                "POST", process, "\(note)/pick", token: keeper,
                json: #"{"lines": [{"sku": "FL-100", "quantity": 9}], "pickedBy": ["li", "zhao"]}"#)
            #expect(short.status == 409 && String(decoding: short.body, as: UTF8.self).contains("approval_required"))
            let exact = try await harness.http(
                "POST", process, "\(note)/pick", token: keeper,
                json: #"{"lines": [{"sku": "FL-100", "quantity": 10}], "pickedBy": ["li", "zhao"]}"#)
            #expect(exact.status == 200 && String(decoding: exact.body, as: UTF8.self).contains(#""status":"picked""#))

            let early = try await harness.http("POST", process, "\(note)/gate-pass", token: admin)
            #expect(early.status == 409 && String(decoding: early.body, as: UTF8.self).contains("invalid_state"))
            func handover(totalFreight: String) -> String {
                #"{"carrier": "顺达物流", "signedBy": "司机 刘", "waybill": {"quantity": 10, "unitFreight": "15.00", "pricingUnit": "piece", "consignee": "陈先生", "address": "上海市浦东新区张江路 88 号", "phone": "021-5555-0101", "totalFreight": ""#
                    + totalFreight + #"", "destination": "上海"}}"#
            }
            let wrong = try await harness.http("POST", process, "\(note)/handover", token: keeper, json: handover(totalFreight: "160.00"))
            #expect(wrong.status == 422 && String(decoding: wrong.body, as: UTF8.self).contains("waybill.totalFreight"))
            let good = try await harness.http("POST", process, "\(note)/handover", token: keeper, json: handover(totalFreight: "150.00"))
            #expect(good.status == 200)

            let (passBody, passStatus) = try await harness.http("POST", process, "\(note)/gate-pass", token: admin)
            #expect(passStatus == 201)
            let pass = try JSONDecoder().decode(Pass.self, from: passBody).gatePassId
            let salesperson = try await harness.token(.salesperson)
            #expect(try await harness.http("POST", process, "/v1/gate-passes/\(pass)/release", token: salesperson).status == 403)
            let gatekeeper = try await harness.token(.gatekeeper, subject: "gate-zhou")
            #expect(try await harness.http("POST", process, "/v1/gate-passes/\(pass)/release", token: gatekeeper).status == 200)
            let dispatched = try await capture.next(ShipmentDispatched.self) { $0.orderId == "o-1" }
            #expect(dispatched.totalFreight == Money("150.00")! && dispatched.carrier == "顺达物流" && dispatched.customerId == "c-o-1")
            stock = try await Self.level(harness, process, "FL-100", keeper)
            #expect(stock.onHand == 90 && stock.reserved == 0 && stock.available == 90)
            let again = try await harness.http("POST", process, "/v1/gate-passes/\(pass)/release", token: gatekeeper)
            #expect(again.status == 409, "a gate pass lets goods out once")

            // The carrier named at hand-over confirms the delivery (its user id is the token's sub).
            let carrier = try await harness.token(.carrier, subject: "顺达物流")
            let delivery = try await harness.http(
                "POST", process, "\(note)/delivery", token: carrier,
                json: #"{"signedBy": "陈先生", "signedAt": "2026-11-25T09:30:00Z"}"#)
            #expect(delivery.status == 200)
            let delivered = try await capture.next(DeliveryConfirmed.self) { $0.orderId == "o-1" }
            #expect(delivered.signedBy == "陈先生" && delivered.dispatchNoteId == issued.dispatchNoteId)

            // A cancellation of o-2 before dispatch releases its reservation and voids its note.
            #expect(try await Self.level(harness, process, "FL-200", keeper).reserved == 5)
            try await harness.publish(ShipmentCancellationRequested(orderId: "o-2"), correlationID: "o-2")
            _ = try await capture.next(ShipmentCancelled.self) { $0.orderId == "o-2" }
            #expect(try await Self.level(harness, process, "FL-200", keeper).reserved == 0)
            let (cancelledBody, _) = try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-2", token: admin)
            #expect(try JSONDecoder().decode([Note].self, from: cancelledBody).map(\.status) == ["cancelled"])
            #expect(other.dispatchNoteId != issued.dispatchNoteId)
        }
    }

    @Test(
        "Dispatch: short stock backorders the request and issues it when stock arrives; a cancellation before the request leaves a tombstone"
    )
    func backorderAndTombstone() async throws {
        try await ServiceHarness.run("warehouse-dispatch") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["warehouse.#"])
            let keeper = try await harness.token(.warehouseKeeper)
            try await harness.publish(Self.request("o-4", sku: "FL-300", quantity: 5), correlationID: "o-4")
            try await Self.handled(harness, 1)
            #expect(try await Self.level(harness, process, "FL-300", keeper).reserved == 0)
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-300", token: keeper, json: #"{"warehouse": "east", "onHand": 5}"#)
                    .status == 200)
            _ = try await capture.next(DispatchNoteIssued.self) { $0.orderId == "o-4" }
            let stock = try await Self.level(harness, process, "FL-300", keeper)
            #expect(stock.reserved == 5 && stock.available == 0)

            // Dispatch 3: a shortage needs a sales_manager's approval; then the pick records it.
            let (notesBody, _) = try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-4", token: keeper)
            let note = "/v1/dispatch-notes/\(try JSONDecoder().decode([Note].self, from: notesBody)[0].id)"
            let approval = #"{"lines": [{"sku": "FL-300", "quantity": 4}], "reason": "one carton damaged; customer told"}"#
            #expect(try await harness.http("POST", process, "\(note)/discrepancy-approvals", token: keeper, json: approval).status == 403)
            let manager = try await harness.token(.salesManager)
            #expect(try await harness.http("POST", process, "\(note)/discrepancy-approvals", token: manager, json: approval).status == 201)
            let picked = try await harness.http(
                "POST", process, "\(note)/pick", token: keeper, json: #"{"lines": [{"sku": "FL-300", "quantity": 4}], "pickedBy": ["li"]}"#)
            #expect(picked.status == 200 && String(decoding: picked.body, as: UTF8.self).contains(#""pickedQuantity":4"#))

            try await harness.publish(ShipmentCancellationRequested(orderId: "o-5"), correlationID: "o-5")
            _ = try await capture.next(ShipmentCancelled.self) { $0.orderId == "o-5" }
            try await harness.publish(Self.request("o-5", sku: "FL-300", quantity: 1), correlationID: "o-5")
            try await Self.handled(harness, 3)
            let (body, _) = try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-5", token: keeper)
            #expect(try JSONDecoder().decode([Note].self, from: body).isEmpty, "a cancelled order gets no note")
        }
    }
}
