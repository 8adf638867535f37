import Foundation
import O2CContracts
import Testing

/// after-sales' and credit's lists as real processes (CONTRACT.md "The department's daily work"; DOMAIN.md
/// "After-sales and returns", "Credit"): complaints and credit profiles in keyset pages with their filters.
@Suite("After-sales and credit lists (CONTRACT.md The department's daily work)", .serialized)
struct AfterSalesCreditListTests {
    @Test(
        "The department's daily work: five complaints page through exactly once, newest first, under both names; class and order filters narrow; history stays with the one-by-one read"
    )
    func complaintsPage() async throws {
        try await ServiceHarness.run("after-sales") { harness in
            let process = try await harness.start()
            let sales = try await harness.token(.customerService, subject: "cs-1")
            var opened: [(id: String, quality: Bool)] = []
            for index in 1...5 {
                let quality = index % 2 == 1
                let json = AfterSalesServiceTests.openBody(order: "o-\(index)", complaintClass: quality ? "quality" : "non_quality")
                let (body, status) = try await harness.http("POST", process, "/v1/service-requests", token: sales, json: json)
                #expect(status == 201)
                let id = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["id"] as? String
                opened.append((try #require(id), quality))
            }
            let manager = try await harness.token(.salesManager)
            let all = try await ListPaging.pageThrough(harness, process, "/v1/service-requests?limit=2", manager)
            #expect(all.ids == opened.reversed().map(\.id) && all.pages == 3)
            #expect(all.items.allSatisfy { $0["history"] == nil && $0["complaintClass"] != nil })
            let quality = try await ListPaging.pageThrough(harness, process, "/v1/complaints?complaintClass=quality&limit=2", manager)
            #expect(quality.ids == opened.filter(\.quality).reversed().map(\.id))
            #expect(try await ListPaging.pageThrough(harness, process, "/v1/complaints?orderId=o-2", manager).ids == [opened[1].id])
            #expect(try await ListPaging.pageThrough(harness, process, "/v1/returns", manager).ids == [])
            let keeper = try await harness.token(.warehouseKeeper)
            #expect(try await harness.http("GET", process, "/v1/complaints", token: keeper).status == 403)
            #expect(try await harness.http("GET", process, "/v1/complaints?complaintClass=cosmetic", token: manager).status == 422)
        }
    }

    @Test("The department's daily work: credit profiles page newest first with their exposure; the grade filter narrows")
    func creditProfilesPage() async throws {
        try await ServiceHarness.run("credit") { harness in
            let process = try await harness.start()
            let manager = try await harness.token(.salesManager, subject: "mgr-1")
            let grades = ["A", "B", "C", "B"]
            for (index, grade) in grades.enumerated() {
                let (_, status) = try await harness.http(
                    "PUT", process, "/v1/customers/c-\(index)/credit-profile", token: manager,
                    json: #"{"grade": "\#(grade)", "creditLimit": "50000.00", "depositRatio": "0.30"}"#)
                #expect(status == 201)
            }
            let all = try await ListPaging.pageThrough(harness, process, "/v1/credit-profiles?limit=3", manager)
            #expect(all.items.compactMap { $0["customerId"] as? String } == ["c-3", "c-2", "c-1", "c-0"] && all.pages == 2)
            #expect(all.items.allSatisfy { $0["available"] as? String == "50000.00" })
            let gradeB = try await ListPaging.pageThrough(harness, process, "/v1/credit-profiles?grade=B", manager)
            #expect(gradeB.items.compactMap { $0["customerId"] as? String } == ["c-3", "c-1"])
            let carrier = try await harness.token(.carrier)
            #expect(try await harness.http("GET", process, "/v1/credit-profiles", token: carrier).status == 403)
        }
    }
}
