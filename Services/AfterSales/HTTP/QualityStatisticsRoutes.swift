import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/quality-statistics` (DOMAIN.md "After-sales and returns": quality complaints feed quality
/// statistics): quality complaints counted per product sku; non-quality complaints are not counted.
/// Complaints that name no sku are counted under `sku: null`.
enum QualityStatisticsRoutes {
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
            let counted = try await environment.pool.withConnection { try await ServiceRequestStore.qualityComplaintsBySku(on: $0) }
            let entries = counted.map { Entry(sku: $0.sku, qualityComplaints: $0.complaints) }
            // A sum of row counts (count(*)), far below Int.max.
            let statistics = Statistics(totalQualityComplaints: entries.reduce(0) { $0 + $1.qualityComplaints }, bySku: entries)
            return try JSONResponse(statistics).response()
        }
    }
}
