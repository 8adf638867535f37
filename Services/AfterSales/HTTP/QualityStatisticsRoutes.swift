import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/quality-statistics` (DOMAIN.md "After-sales and returns": quality complaints feed quality
/// statistics): quality complaints counted per product sku; non-quality complaints are not counted.
/// Complaints that name no sku are counted under `sku: null`.
enum QualityStatisticsRoute {
    struct Entry: Encodable, Sendable {
        var sku: String?
        var qualityComplaints: Int
    }

    struct Statistics: Encodable, Sendable {
        var totalQualityComplaints: Int
        var bySku: [Entry]
    }

    static let readers: Set<Role> = [.salesManager, .generalManager, .technician, .auditor]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/quality-statistics") { _, context in
            _ = try context.require(anyOf: readers)
            let result = try await environment.pool.query(
                """
                select sku, count(*) as complaints from service_requests
                where complaint_class = $1 group by sku order by count(*) desc, sku
                """, [ComplaintClass.quality.rawValue])
            let entries = try result.rows.map { row in
                Entry(sku: row.optionalString("sku"), qualityComplaints: try row.int("complaints"))
            }
            // A sum of row counts (count(*)), far below Int.max.
            let statistics = Statistics(totalQualityComplaints: entries.reduce(0) { $0 + $1.qualityComplaints }, bySku: entries)
            return try JSONResponse(statistics).response()
        }
    }
}
