import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `GET /v1/products/{sku}/quality`: one product's quality picture — its tracking cards, their revisits
/// with the satisfaction distribution, the quality complaints against it (the quality statistics), and
/// how much of it came back on returns not rejected.
enum ProductQualityRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/products/{sku}/quality") { _, context in
            _ = try context.require(anyOf: QualityCardRoutes.readers)
            let sku = try context.parameters.require("sku")
            let summary = try await environment.pool.withConnection { try await QualityCardStore.summary(sku: sku, on: $0) }
            return try JSONResponse(summary).response()
        }
    }
}
