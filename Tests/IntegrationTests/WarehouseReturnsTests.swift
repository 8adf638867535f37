import Foundation
import O2CContracts
import O2CMessaging
import Testing

/// The warehouse side of returns, exchanges and order amendments with the warehouse-dispatch executable
/// alone: the test publishes what the after-sales saga and orders would (DOMAIN.md "After-sales and
/// returns", "Order amendments"; CONTRACT.md after-sales, warehouse side).
@Suite("Warehouse returns, exchanges and amendments: DOMAIN.md \"After-sales and returns\", \"Order amendments\"", .serialized)
struct WarehouseReturnsTests {
    struct Line: Decodable { var sku: String; var quantity: Int; var pickedQuantity: Int?; var countedQuantity: Int? }
    struct Note: Decodable {
        var id: String; var kind: String; var returnId: String?; var status: String; var lines: [Line]; var carrier: String?;
        var heldFor: String?
    }
    struct Pass: Decodable { var gatePassId: String }

    static let handover =
        #"{"carrier": "顺达物流", "signedBy": "司机 刘", "waybill": {"quantity": 1, "unitFreight": "15.00", "pricingUnit": "piece", "consignee": "陈先生", "address": "上海市浦东新区张江路 88 号", "phone": "021-5555-0101", "totalFreight": "15.00", "destination": "上海"}}"#

    static func notes(_ harness: ServiceHarness, _ process: ServiceProcess, order: String) async throws -> [Note] {
        let (body, status) = try await harness.http(
            "GET", process, "/v1/dispatch-notes?orderId=\(order)", token: try await harness.token(.salesAdmin))
        #expect(status == 200)
        return try JSONDecoder().decode([Note].self, from: body)
    }

    static func onHand(_ harness: ServiceHarness, _ sku: String, in warehouse: String) async throws -> Int {
        try await harness.admin.query(
            "select on_hand from \(identifier: harness.schema).stock where sku = \(sku) and warehouse = \(warehouse)"
        ).rows[0].int("on_hand")
    }

    /// Picks exactly the note, hands over, issues and uses the gate pass, and records the delivery.
    static func ship(_ harness: ServiceHarness, _ process: ServiceProcess, note: String, lines: String) async throws {
        let keeper = try await harness.token(.warehouseKeeper)
        let admin = try await harness.token(.salesAdmin)
        let path = "/v1/dispatch-notes/\(note)"
        #expect(
            try await harness.http("POST", process, "\(path)/pick", token: keeper, json: #"{"lines": "# + lines + #", "pickedBy": ["li"]}"#)
                .status == 200)
        #expect(try await harness.http("POST", process, "\(path)/handover", token: keeper, json: handover).status == 200)
        let (passBody, _) = try await harness.http("POST", process, "\(path)/gate-pass", token: admin)
        let pass = try JSONDecoder().decode(Pass.self, from: passBody).gatePassId
        #expect(
            try await harness.http("POST", process, "/v1/gate-passes/\(pass)/release", token: try await harness.token(.gatekeeper)).status
                == 200)
        let signed = try await harness.http(
            "POST", process, "\(path)/delivery", token: admin, json: #"{"signedBy": "陈先生", "signedAt": "2026-11-25T09:30:00Z"}"#)
        #expect(signed.status == 200)
    }

    static func approved(_ returnId: String, order: String, quantity: Int, kind: String = "return") -> ReturnApproved {
        ReturnApproved(
            returnId: returnId, orderId: order, customerId: "c-\(order)", kind: kind,
            lines: [ReturnLine(sku: "FL-100", quantity: quantity, unitPrice: Money("120.00")!)], approvedBy: "manager-zhang")
    }

    @Test(
        "Returns: the reversing note is listed with kind return; exact count → back on hand where it left from; a short count is a discrepancy until a recount; a sales_manager accepts a count but never the extra; 403/422/409 change nothing"
    )
    func returnIntake() async throws {
        try await ServiceHarness.run("warehouse-dispatch") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["warehouse.#"])
            let keeper = try await harness.token(.warehouseKeeper, subject: "keeper-li")
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-100", token: keeper, json: #"{"warehouse": "east", "onHand": 100}"#)
                    .status == 200)
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-100", token: keeper, json: #"{"warehouse": "main", "onHand": 5}"#)
                    .status == 200)
            try await harness.publish(WarehouseServiceTests.request("o-r1", sku: "FL-100", quantity: 10), correlationID: "o-r1")
            let sale = try await capture.next(DispatchNoteIssued.self) { $0.orderId == "o-r1" }.dispatchNoteId
            try await Self.ship(harness, process, note: sale, lines: #"[{"sku": "FL-100", "quantity": 10}]"#)
            let delivered = try await capture.next(DeliveryConfirmed.self) { $0.orderId == "o-r1" }
            #expect(delivered.lines == [CountedLine(sku: "FL-100", quantity: 10)], "the customer signed for the picked quantities")
            #expect(try await Self.onHand(harness, "FL-100", in: "east") == 90)

            // The approval twice (another message id): one reversing note, listed beside the sale note.
            try await harness.publish(Self.approved("r-1", order: "o-r1", quantity: 3), correlationID: "r-1")
            try await harness.publish(Self.approved("r-1", order: "o-r1", quantity: 3), correlationID: "r-1")
            let issued = try await capture.next(ReturnNoteIssued.self) { $0.returnId == "r-1" }
            try await WarehouseServiceTests.handled(harness, 3)
            var notes = try await Self.notes(harness, process, order: "o-r1")
            #expect(notes.map(\.kind).sorted() == ["return", "sale"])
            let returnNote = try #require(notes.first { $0.kind == "return" })
            #expect(returnNote.id == issued.returnNoteId && returnNote.returnId == "r-1" && returnNote.status == "issued")
            #expect(returnNote.lines.map { "\($0.sku) \($0.quantity)" } == ["FL-100 3"])

            let receipt = "/v1/dispatch-notes/\(issued.returnNoteId)/return-receipt"
            let salesperson = try await harness.token(.salesperson)
            #expect(
                try await harness.http(
                    "POST", process, receipt, token: salesperson, json: #"{"lines": [{"sku": "FL-100", "quantity": 3}]}"#
                ).status == 403)
            #expect(try await harness.http("POST", process, receipt, token: keeper, json: #"{"lines": []}"#).status == 422)
            #expect(
                try await harness.http("POST", process, receipt, token: keeper, json: #"{"lines": [{"sku": "FL-100", "quantity": -1}]}"#)
                    .status == 422)
            let onSale = try await harness.http(
                "POST", process, "/v1/dispatch-notes/\(sale)/return-receipt", token: keeper,
                json: #"{"lines": [{"sku": "FL-100", "quantity": 3}]}"#)
            #expect(onSale.status == 409 && String(decoding: onSale.body, as: UTF8.self).contains("invalid_state"))
            let pick = try await harness.http(
                "POST", process, "/v1/dispatch-notes/\(issued.returnNoteId)/pick", token: keeper,
                json: #"{"lines": [{"sku": "FL-100", "quantity": 3}], "pickedBy": ["li"]}"#)
            #expect(pick.status == 409, "a return note is received, not picked")
            #expect(try await Self.notes(harness, process, order: "o-r1").first { $0.kind == "return" }?.status == "issued")

            // Short: a discrepancy, nothing on hand; the recount that matches receives it, into the warehouse it left from.
            let short = try await harness.http(
                "POST", process, receipt, token: keeper, json: #"{"lines": [{"sku": "FL-100", "quantity": 2}]}"#)
            #expect(short.status == 200 && String(decoding: short.body, as: UTF8.self).contains(#""status":"discrepancy""#))
            let found = try await capture.next(ReturnDiscrepancyFound.self) { $0.returnId == "r-1" }
            #expect(
                found.expected == [CountedLine(sku: "FL-100", quantity: 3)] && found.counted == [CountedLine(sku: "FL-100", quantity: 2)])
            #expect(try await WarehouseServiceTests.level(harness, process, "FL-100", keeper).onHand == 95)
            let recount = try await harness.http(
                "POST", process, receipt, token: keeper, json: #"{"lines": [{"sku": "FL-100", "quantity": 3}]}"#)
            #expect(recount.status == 200 && String(decoding: recount.body, as: UTF8.self).contains(#""status":"received""#))
            let received = try await capture.next(ReturnReceived.self) { $0.returnId == "r-1" }
            #expect(received.lines == [CountedLine(sku: "FL-100", quantity: 3)] && received.receivedBy == "keeper-li")
            #expect(try await Self.onHand(harness, "FL-100", in: "east") == 93)
            #expect(try await Self.onHand(harness, "FL-100", in: "main") == 5)
            #expect(
                try await harness.http("POST", process, receipt, token: keeper, json: #"{"lines": [{"sku": "FL-100", "quantity": 3}]}"#)
                    .status == 409)

            // Over-delivery: the sales_manager may accept the listed part, never the extra.
            try await harness.publish(Self.approved("r-2", order: "o-r1", quantity: 2, kind: "exchange"), correlationID: "r-2")
            let second = try await capture.next(ReturnNoteIssued.self) { $0.returnId == "r-2" }.returnNoteId
            let extra = try await harness.http(
                "POST", process, "/v1/dispatch-notes/\(second)/return-receipt", token: keeper,
                json: #"{"lines": [{"sku": "FL-100", "quantity": 3}]}"#)
            #expect(extra.status == 200 && String(decoding: extra.body, as: UTF8.self).contains(#""countedQuantity":3"#))
            let manager = try await harness.token(.salesManager, subject: "manager-zhang")
            let approvals = "/v1/dispatch-notes/\(second)/discrepancy-approvals"
            #expect(
                try await harness.http(
                    "POST", process, approvals, token: keeper, json: #"{"lines": [{"sku": "FL-100", "quantity": 2}], "reason": "ok"}"#
                ).status == 403)
            let tooMany = try await harness.http(
                "POST", process, approvals, token: manager, json: #"{"lines": [{"sku": "FL-100", "quantity": 3}], "reason": "take all"}"#)
            #expect(tooMany.status == 422 && String(decoding: tooMany.body, as: UTF8.self).contains("lines[0].quantity"))
            #expect(try await WarehouseServiceTests.level(harness, process, "FL-100", keeper).onHand == 98)
            let accepted = try await harness.http(
                "POST", process, approvals, token: manager,
                json: #"{"lines": [{"sku": "FL-100", "quantity": 2}], "reason": "one extra carton sent back to the customer"}"#)
            #expect(accepted.status == 201)
            #expect(try await capture.next(ReturnReceived.self) { $0.returnId == "r-2" }.lines == [CountedLine(sku: "FL-100", quantity: 2)])
            #expect(try await WarehouseServiceTests.level(harness, process, "FL-100", keeper).onHand == 100)
            notes = try await Self.notes(harness, process, order: "o-r1")
            #expect(notes.filter { $0.kind == "return" }.map(\.status) == ["received", "received"])
        }
    }

    @Test(
        "Exchanges: the replacement note reserves stock (backordered while short) and goes through pick, hand-over, gate and delivery as ReplacementDispatched/ReplacementDelivered"
    )
    func replacement() async throws {
        try await ServiceHarness.run("warehouse-dispatch") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["warehouse.#"])
            let keeper = try await harness.token(.warehouseKeeper)
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-100", token: keeper, json: #"{"warehouse": "main", "onHand": 20}"#)
                    .status == 200)
            let request = ReplacementRequested(
                returnId: "r-3", orderId: "o-x1", customerId: "c-o-x1", customerName: "华东建材有限公司",
                lines: [ReturnLine(sku: "FL-100", quantity: 4, unitPrice: Money("120.00")!)], deliveryAddress: "上海市浦东新区张江路 88 号")
            try await harness.publish(request, correlationID: "r-3")
            try await harness.publish(request, correlationID: "r-3")
            var short = request
            short.returnId = "r-4"
            short.lines = [ReturnLine(sku: "FL-777", quantity: 1, unitPrice: Money("80.00")!)]
            try await harness.publish(short, correlationID: "r-4")
            try await WarehouseServiceTests.handled(harness, 3)
            let notes = try await Self.notes(harness, process, order: "o-x1")
            #expect(notes.map(\.kind) == ["replacement", "replacement"])
            let note = try #require(notes.first { $0.returnId == "r-3" })
            #expect(note.status == "issued" && notes.first { $0.returnId == "r-4" }?.status == "backordered")
            #expect(try await WarehouseServiceTests.level(harness, process, "FL-100", keeper).reserved == 4)

            try await Self.ship(harness, process, note: note.id, lines: #"[{"sku": "FL-100", "quantity": 4}]"#)
            let dispatched = try await capture.next(ReplacementDispatched.self) { $0.returnId == "r-3" }
            #expect(dispatched.dispatchNoteId == note.id && dispatched.orderId == "o-x1")
            let delivered = try await capture.next(ReplacementDelivered.self) { $0.returnId == "r-3" }
            #expect(delivered.dispatchNoteId == note.id)
            let stock = try await WarehouseServiceTests.level(harness, process, "FL-100", keeper)
            #expect(stock.onHand == 16 && stock.reserved == 0)

            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-777", token: keeper, json: #"{"warehouse": "main", "onHand": 1}"#)
                    .status == 200)
            #expect(try await Self.notes(harness, process, order: "o-x1").first { $0.returnId == "r-4" }?.status == "issued")
            #expect(try await WarehouseServiceTests.level(harness, process, "FL-777", keeper).reserved == 1)
        }
    }

    static func amended(_ id: String, order: String, quantity: Int) throws -> OrderAmended {
        OrderAmended(
            orderId: order, customerId: "c-\(order)", amendmentId: id, kind: "line_item",
            lines: [OrderLine(sku: "FL-100", quantity: quantity, unitPrice: Money("120.00")!)], total: try Money("120.00")!.times(quantity),
            previousTotal: Money("1200.00")!, approvedBy: "manager-zhang", amendedAt: Date())
    }

    @Test(
        "Order amendments: before picking the note and its reservation take the amended quantities once per amendment; after picking the goods go back to reserved and the note is picked again; after the hand-over, inside the gate, the hand-over is undone"
    )
    func amendments() async throws {
        try await ServiceHarness.run("warehouse-dispatch") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["warehouse.#"])
            let keeper = try await harness.token(.warehouseKeeper)
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-100", token: keeper, json: #"{"warehouse": "main", "onHand": 50}"#)
                    .status == 200)
            try await harness.publish(try Self.amended("am-0", order: "o-a1", quantity: 3), correlationID: "o-a1")
            try await harness.publish(WarehouseServiceTests.request("o-a1", sku: "FL-100", quantity: 10), correlationID: "o-a1")
            let note = try await capture.next(DispatchNoteIssued.self) { $0.orderId == "o-a1" }.dispatchNoteId
            #expect(
                try await WarehouseServiceTests.level(harness, process, "FL-100", keeper).reserved == 10,
                "an amendment before the note is not remembered")

            try await harness.publish(try Self.amended("am-1", order: "o-a1", quantity: 6), correlationID: "o-a1")
            try await harness.publish(try Self.amended("am-1", order: "o-a1", quantity: 8), correlationID: "o-a1")
            try await WarehouseServiceTests.handled(harness, 4)
            #expect(try await Self.notes(harness, process, order: "o-a1")[0].lines.map(\.quantity) == [6])
            #expect(
                try await WarehouseServiceTests.level(harness, process, "FL-100", keeper).reserved == 6, "applied once per amendment id")

            let path = "/v1/dispatch-notes/\(note)"
            #expect(
                try await harness.http(
                    "POST", process, "\(path)/pick", token: keeper,
                    json: #"{"lines": [{"sku": "FL-100", "quantity": 6}], "pickedBy": ["li"]}"#
                ).status == 200)
            try await harness.publish(try Self.amended("am-2", order: "o-a1", quantity: 7), correlationID: "o-a1")
            try await WarehouseServiceTests.handled(harness, 5)
            var current = try await Self.notes(harness, process, order: "o-a1")[0]
            #expect(current.status == "issued" && current.lines.map(\.quantity) == [7] && current.lines[0].pickedQuantity == nil)
            #expect(try await WarehouseServiceTests.level(harness, process, "FL-100", keeper).reserved == 7)
            #expect(
                try await harness.http(
                    "POST", process, "\(path)/pick", token: keeper,
                    json: #"{"lines": [{"sku": "FL-100", "quantity": 6}], "pickedBy": ["li"]}"#
                ).status == 409)
            #expect(
                try await harness.http(
                    "POST", process, "\(path)/pick", token: keeper,
                    json: #"{"lines": [{"sku": "FL-100", "quantity": 7}], "pickedBy": ["li"]}"#
                ).status == 200)
            #expect(try await harness.http("POST", process, "\(path)/handover", token: keeper, json: Self.handover).status == 200)

            let salesAdmin = try await harness.token(.salesAdmin)
            let (passBody, _) = try await harness.http("POST", process, "\(path)/gate-pass", token: salesAdmin)
            let oldPass = try JSONDecoder().decode(Pass.self, from: passBody).gatePassId

            // CONTRACT.md "Changes to an order": the change request holds the note first; every step then waits.
            try await harness.publish(DispatchHoldRequested(orderId: "o-a1", requestId: "am-3", kind: "line_item"), correlationID: "o-a1")
            let held = try await capture.next(DispatchHeld.self) { $0.requestId == "am-3" }
            #expect(held.dispatchNoteId == note && held.noteStatus == "handed_over")
            #expect(try await Self.notes(harness, process, order: "o-a1")[0].heldFor == "am-3")
            let gatekeeper = try await harness.token(.gatekeeper)
            let (refusal, refusedStatus) = try await harness.http("POST", process, "/v1/gate-passes/\(oldPass)/release", token: gatekeeper)
            #expect(refusedStatus == 409)
            #expect((try JSONSerialization.jsonObject(with: refusal) as? [String: Any])?["code"] as? String == "change_pending")

            try await harness.publish(try Self.amended("am-3", order: "o-a1", quantity: 2), correlationID: "o-a1")
            try await WarehouseServiceTests.handled(harness, 7)
            current = try await Self.notes(harness, process, order: "o-a1")[0]
            #expect(current.status == "issued" && current.lines.map(\.quantity) == [2] && current.lines[0].pickedQuantity == nil)
            #expect(current.carrier == nil && current.heldFor == nil, "waybill superseded, hold lifted")
            #expect(try await WarehouseServiceTests.level(harness, process, "FL-100", keeper).reserved == 2)
            let superseded = try await harness.admin.query(
                "select carrier from \(identifier: harness.schema).superseded_waybills where dispatch_note_id = \(note)"
            ).rows
            #expect(superseded.count == 1)
            #expect(try await harness.http("POST", process, "/v1/gate-passes/\(oldPass)/release", token: gatekeeper).status == 409, "void")
            let outcomes = try await harness.admin.query(
                "select amendment_id, outcome from \(identifier: harness.schema).order_amendments order by amendment_id"
            ).rows
            #expect(try outcomes.map { try $0.string("amendment_id") } == ["am-0", "am-1", "am-2", "am-3"])

            // Shipped again: a hold asked for now is refused, the goods left.
            try await Self.ship(harness, process, note: note, lines: #"[{"sku": "FL-100", "quantity": 2}]"#)
            try await harness.publish(DispatchHoldRequested(orderId: "o-a1", requestId: "am-4", kind: "cancel"), correlationID: "o-a1")
            let gone = try await capture.next(DispatchHoldRefused.self) { $0.requestId == "am-4" }
            #expect(gone.code == "already_dispatched" && gone.dispatchNoteId == note && gone.dispatchedAt != nil)
            #expect(try await Self.notes(harness, process, order: "o-a1")[0].heldFor == nil)
        }
    }
}
