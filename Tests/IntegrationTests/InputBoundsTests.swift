import Foundation
import O2CAMQP
import O2CContracts
import O2CMessaging
import Testing

/// Issue 9, "nothing traps on input" (CONTRACT.md "Faults, limits and identity"): the requests and the
/// messages that used to stop a process answer a 4xx problem naming the field, or are parked with the
/// reason; the process is alive afterwards and nothing changed.
@Suite(
    "Input bounds: no request or message stops a process (CONTRACT.md Faults, limits and identity; real servers, services as processes)",
    .serialized)
struct InputBoundsTests {
    struct ProblemBody: Decodable {
        struct FieldError: Decodable { var field: String; var message: String }
        var code: String
        var errors: [FieldError]?
    }
    struct Note: Decodable {
        struct Line: Decodable { var sku: String; var quantity: Int; var pickedQuantity: Int? }
        var id: String; var status: String; var lines: [Line]
    }

    /// A 422 `validation_failed` problem+json whose errors name `field`.
    static func expectRefusal(_ answer: (body: Data, status: Int), naming field: String, _ comment: Comment? = nil) {
        #expect(answer.status == 422, comment)
        let problem = try? JSONDecoder().decode(ProblemBody.self, from: answer.body)
        #expect(problem?.code == "validation_failed", comment)
        #expect(problem?.errors?.map(\.field).contains(field) == true, "\(String(decoding: answer.body, as: UTF8.self))")
    }

    static func reason(_ delivery: AMQPDelivery) -> String {
        if case .string(let reason)? = delivery.headers[MessageHeaders.parkedReason] { return reason }
        return ""
    }

    @Test(
        "finance: GET /v1/customers/x/statements/9999-12 is 422 naming month; a deposit request whose total is beyond 999,999,999,999.99 and a balance request dispatched in 9999 are parked with the reason; finance goes on"
    )
    func finance() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let finance = try await harness.token(.finance, subject: "fin-1")
            for month in ["9999-12", "1999-12", "2200-01", "2026-13", "20x6-01"] {
                Self.expectRefusal(
                    try await harness.http("GET", process, "/v1/customers/x/statements/\(month)", token: finance), naming: "month",
                    "\(month)")
            }
            #expect(try await harness.http("GET", process, "/v1/customers/x/statements/2199-12", token: finance).status == 200)
            #expect(process.isRunning)

            // The 30 % deposit of 9,999,999,999,999.99 (a total the old parser took) and a year-9999 instant.
            let beyond = DepositInvoiceRequested(
                orderId: "o-big", customerId: "c-1", total: Money(minorUnits: 999_999_999_999_999), depositRatioBasisPoints: 3000)
            try await harness.publish(beyond, correlationID: "o-big")
            let farFuture = BalanceInvoiceRequested(
                orderId: "o-far", customerId: "c-1", amount: Money("100.00")!, grade: .a,
                dispatchedAt: Date(timeIntervalSince1970: 253_402_214_400), deliveredAt: nil)  // 9999-12-31
            try await harness.publish(farFuture, correlationID: "o-far")
            let parked = try await harness.takeParked(from: "finance-collections", count: 2)
            let reasons = parked.map(Self.reason)
            #expect(parked.count == 2, "\(reasons)")
            #expect(reasons.contains { $0.contains("total") && $0.contains("999999999999.99") }, "\(reasons)")
            #expect(reasons.contains { $0.contains("dispatchedAt") && $0.contains("2199-12-31") }, "\(reasons)")
            #expect(
                parked.allSatisfy { delivery in
                    if case .int(let attempt)? = delivery.headers[MessageHeaders.attempt] { return attempt == 1 }
                    return false
                }, "parked at once, not after the retry tiers")

            // Alive, nothing recorded for the refused messages, and the next good message is handled.
            let capture = try await harness.capture(["finance.#"])
            try await harness.publish(
                DepositInvoiceRequested(
                    orderId: "o-ok", customerId: "c-1", total: Money("999999999999.99")!, depositRatioBasisPoints: 3000),
                correlationID: "o-ok")
            let issued = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-ok" }
            #expect(issued.amount == Money("300000000000.00"))
            let orders = try await harness.admin.query("select order_id from \(identifier: harness.schema).invoices").rows.map {
                try $0.string("order_id")
            }
            #expect(orders == ["o-ok"])
            #expect(process.isRunning)
        }
    }

    @Test(
        "warehouse: a waybill whose unitFreight × quantity overflows, pick lines of one sku past Int.max or past 1,000,000,000, and a delivery signed in 9999 are each 422 naming the field; the note is unchanged and the next request succeeds; a shipment request past the bound is parked with the field"
    )
    func warehouse() async throws {
        try await ServiceHarness.run("warehouse-dispatch") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["warehouse.#"])
            let keeper = try await harness.token(.warehouseKeeper, subject: "keeper-li")
            let admin = try await harness.token(.salesAdmin, subject: "admin-wang")
            #expect(
                try await harness.http("PUT", process, "/v1/stock/FL-100", token: keeper, json: #"{"warehouse": "main", "onHand": 100}"#)
                    .status == 200)
            Self.expectRefusal(
                try await harness.http(
                    "PUT", process, "/v1/stock/FL-100", token: keeper, json: #"{"warehouse": "main", "onHand": 1000000001}"#),
                naming: "onHand")
            try await harness.publish(WarehouseServiceTests.request("o-1", sku: "FL-100", quantity: 10), correlationID: "o-1")
            let issued = try await capture.next(DispatchNoteIssued.self) { $0.orderId == "o-1" }
            let note = "/v1/dispatch-notes/\(issued.dispatchNoteId)"
            func read() async throws -> Note {
                let (body, _) = try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-1", token: admin)
                return try #require(try JSONDecoder().decode([Note].self, from: body).first)
            }

            // Pick lines of one sku that add up past Int.max, and past the largest quantity.
            let maxInt =
                #"{"lines": [{"sku": "FL-100", "quantity": 9223372036854775807}, {"sku": "FL-100", "quantity": 9223372036854775807}], "pickedBy": ["li"]}"#
            Self.expectRefusal(
                try await harness.http("POST", process, "\(note)/pick", token: keeper, json: maxInt), naming: "lines[0].quantity")
            let pastBound = #"{"lines": [{"sku": "FL-100", "quantity": 1000000000}, {"sku": "FL-100", "quantity": 1}], "pickedBy": ["li"]}"#
            Self.expectRefusal(
                try await harness.http("POST", process, "\(note)/pick", token: keeper, json: pastBound), naming: "lines[1].quantity")
            #expect(process.isRunning)
            let unpicked = try await read()
            #expect(unpicked.status == "issued" && unpicked.lines.map(\.pickedQuantity) == [nil])
            let exact = #"{"lines": [{"sku": "FL-100", "quantity": 4}, {"sku": "FL-100", "quantity": 6}], "pickedBy": ["li"]}"#
            #expect(
                try await harness.http("POST", process, "\(note)/pick", token: keeper, json: exact).status == 200, "lines of one sku add up"
            )

            // A waybill whose unitFreight × quantity is beyond the largest amount (it used to overflow Int64).
            func handover(quantity: String, unitFreight: String, totalFreight: String) -> String {
                #"{"carrier": "顺达物流", "signedBy": "司机 刘", "waybill": {"quantity": "# + quantity + #", "unitFreight": ""# + unitFreight
                    + #"", "pricingUnit": "piece", "consignee": "陈先生", "address": "上海市浦东新区张江路 88 号", "phone": "021-5555-0101", "totalFreight": ""#
                    + totalFreight + #"", "destination": "上海"}}"#
            }
            Self.expectRefusal(
                try await harness.http(
                    "POST", process, "\(note)/handover", token: keeper,
                    json: handover(quantity: "1000000000", unitFreight: "999999999999.99", totalFreight: "1.00")),
                naming: "waybill.unitFreight")
            Self.expectRefusal(
                try await harness.http(
                    "POST", process, "\(note)/handover", token: keeper,
                    json: handover(quantity: "10", unitFreight: "9999999999999999.99", totalFreight: "1.00")),
                naming: "waybill.unitFreight", "beyond the bounds at decoding")
            Self.expectRefusal(
                try await harness.http(
                    "POST", process, "\(note)/handover", token: keeper,
                    json: handover(quantity: "9223372036854775807", unitFreight: "15.00", totalFreight: "1.00")),
                naming: "waybill.quantity")
            #expect(process.isRunning)
            #expect(try await read().status == "picked", "nothing changed")
            let good = handover(quantity: "10", unitFreight: "15.00", totalFreight: "150.00")
            #expect(try await harness.http("POST", process, "\(note)/handover", token: keeper, json: good).status == 200)

            // A client-supplied signedAt in 9999 is refused at decoding, naming it.
            let carrier = try await harness.token(.carrier)
            Self.expectRefusal(
                try await harness.http(
                    "POST", process, "\(note)/delivery", token: carrier, json: #"{"signedBy": "陈先生", "signedAt": "9999-12-31T09:30:00Z"}"#),
                naming: "signedAt")
            #expect(try await read().status == "handed_over")

            // A shipment request whose lines of one sku add up past 1,000,000,000: the handler's refusal
            // parks it at once with the field, and no note is made.
            var tooMuch = WarehouseServiceTests.request("o-2", sku: "FL-100", quantity: 1_000_000_000)
            tooMuch.lines.append(OrderLine(sku: "FL-100", quantity: 1, unitPrice: Money("120.00")!))
            try await harness.publish(tooMuch, correlationID: "o-2")
            let parked = try await harness.takeParked(from: "warehouse-dispatch", count: 1)
            #expect(parked.map(Self.reason).first?.contains("lines[1].quantity") == true, "\(parked.map(Self.reason))")
            #expect(
                parked.first.map { delivery in
                    if case .int(let attempt)? = delivery.headers[MessageHeaders.attempt] { return attempt == 1 }
                    return false
                } == true, "parked at once, not after the retry tiers")
            let (notes, _) = try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-2", token: admin)
            #expect(try JSONDecoder().decode([Note].self, from: notes).isEmpty)
            #expect(process.isRunning)
        }
    }
}
