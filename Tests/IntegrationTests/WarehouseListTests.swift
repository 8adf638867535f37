import Foundation
import O2CContracts
import O2CMessaging
import Testing

/// warehouse-dispatch's lists as a real process (CONTRACT.md "The department's daily work"; DOMAIN.md
/// "Dispatch", "Confidentiality"): notes, gate passes and stock in keyset pages; a carrier sees only the notes
/// handed to it.
@Suite("Warehouse lists (CONTRACT.md The department's daily work; DOMAIN.md Dispatch, Confidentiality)", .serialized)
struct WarehouseListTests {
    @Test(
        "The department's daily work: five notes page through exactly once, newest first; filters narrow; a carrier's list holds only the notes handed to it, no other address, no customer name"
    )
    func notesPassesAndStockPage() async throws {
        try await ServiceHarness.run("warehouse-dispatch") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["warehouse.#"])
            let keeper = try await harness.token(.warehouseKeeper, subject: "keeper-li")
            for sku in ["FL-100", "FL-200"] {
                let (_, status) = try await harness.http(
                    "PUT", process, "/v1/stock/\(sku)", token: keeper, json: #"{"warehouse": "main", "onHand": 1000}"#)
                #expect(status == 200)
            }
            var notes: [String] = []
            for index in 1...5 {
                var request = WarehouseServiceTests.request("o-\(index)", sku: "FL-100", quantity: 2, customer: "客户\(index)")
                request.deliveryAddress = "浦东新区张江路 \(index) 号"
                try await harness.publish(request, correlationID: "o-\(index)")
                notes.append(try await capture.next(DispatchNoteIssued.self) { $0.orderId == "o-\(index)" }.dispatchNoteId)
            }
            // Notes 1 and 2 go to 顺达物流, note 3 to 安达运输; 4 and 5 stay in the warehouse.
            for (index, carrier) in [(0, "顺达物流"), (1, "顺达物流"), (2, "安达运输")] {
                let note = "/v1/dispatch-notes/\(notes[index])"
                let picked = try await harness.http(
                    "POST", process, "\(note)/pick", token: keeper,
                    json: #"{"lines": [{"sku": "FL-100", "quantity": 2}], "pickedBy": ["li"]}"#)
                #expect(picked.status == 200)
                let handover = try await harness.http(
                    "POST", process, "\(note)/handover", token: keeper,
                    json: """
                        {"carrier": "\(carrier)", "signedBy": "司机", "waybill": {"quantity": 2, "unitFreight": "15.00", "pricingUnit": "piece",
                         "consignee": "陈先生", "address": "浦东新区张江路 \(index + 1) 号", "phone": "021-5555-0101", "totalFreight": "30.00",
                         "destination": "上海"}}
                        """)
                #expect(handover.status == 200, "\(String(decoding: handover.body, as: UTF8.self))")
            }

            let all = try await ListPaging.pageThrough(harness, process, "/v1/dispatch-notes?limit=2", keeper)
            #expect(all.ids == notes.reversed())
            let handed = try await ListPaging.pageThrough(harness, process, "/v1/dispatch-notes?status=handed_over", keeper)
            #expect(handed.ids == Array(notes.prefix(3)).reversed())
            let named = try await ListPaging.pageThrough(harness, process, "/v1/dispatch-notes?q=%E5%AE%A2%E6%88%B74", keeper)  // q=客户4
            #expect(named.ids == [notes[3]])

            let shunda = try await harness.token(.carrier, subject: "顺达物流")
            let own = try await ListPaging.pageThrough(harness, process, "/v1/dispatch-notes?limit=1", shunda)
            #expect(own.ids == [notes[1], notes[0]])
            #expect(own.items.allSatisfy { $0["customerName"] == nil })
            for other in 3...5 { #expect(!own.text.contains("张江路 \(other) 号"), "a carrier sees no address of a note not handed to it") }
            #expect(try await ListPaging.pageThrough(harness, process, "/v1/dispatch-notes?q=%E5%AE%A2%E6%88%B71", shunda).ids == [])
            let service = try await harness.token(.customerService)
            #expect(try await harness.http("GET", process, "/v1/dispatch-notes", token: service).status == 403)
            #expect(try await harness.http("GET", process, "/v1/dispatch-notes?orderId=o-4", token: service).status == 200)

            let admin = try await harness.token(.salesAdmin, subject: "admin-wang")
            let (passBody, passStatus) = try await harness.http("POST", process, "/v1/dispatch-notes/\(notes[0])/gate-pass", token: admin)
            #expect(passStatus == 201)
            let pass = (try JSONSerialization.jsonObject(with: passBody) as? [String: Any])?["gatePassId"] as? String
            let gatekeeper = try await harness.token(.gatekeeper, subject: "gate-zhou")
            let passes = try await ListPaging.pageThrough(harness, process, "/v1/gate-passes?state=open", gatekeeper)
            #expect(passes.items.compactMap { $0["gatePassId"] as? String } == [pass].compactMap { $0 })
            #expect(passes.items.first?["orderId"] as? String == "o-1" && !passes.text.contains("张江路"))
            #expect(try await ListPaging.pageThrough(harness, process, "/v1/gate-passes?state=used", gatekeeper).items.isEmpty)

            let stock = try await ListPaging.pageThrough(harness, process, "/v1/stock?limit=1", keeper)
            #expect(stock.items.compactMap { $0["sku"] as? String } == ["FL-100", "FL-200"])
            #expect(stock.items.first?["reserved"] as? Int == 10 && stock.pages == 2)
        }
    }
}
