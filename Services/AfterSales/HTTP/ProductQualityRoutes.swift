import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `GET /v1/products/{sku}/quality`: one product's quality picture — its tracking cards, their revisits
/// with the satisfaction distribution, the quality complaints against it (the quality statistics), and
/// how much of it came back on returns not rejected.
enum ProductQualityRoute {
    struct Summary: Encodable, Sendable {
        var sku: String
        var cards: Int
        var deliveredQuantity: Int
        var revisits: Int
        var satisfaction: [String: Int]
        var qualityComplaints: Int
        var returnedQuantity: Int
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/products/{sku}/quality") { _, context in
            _ = try context.require(anyOf: QualityCardRoutes.readers)
            let sku = try context.parameters.require("sku")
            let summary = try await environment.pool.withConnection { connection in
                let cards = try await connection.query(
                    "select count(*) as cards, coalesce(sum(quantity), 0) as quantity from quality_cards where sku = $1", [sku])
                let revisits = try await connection.query(
                    """
                    select r.satisfaction, count(*) as n from quality_revisits r join quality_cards c on c.id = r.card_id
                    where c.sku = $1 group by r.satisfaction
                    """, [sku])
                var satisfaction = Dictionary(uniqueKeysWithValues: QualityCardStore.Satisfaction.allCases.map { ($0.rawValue, 0) })
                for row in revisits.rows { satisfaction[try row.string("satisfaction")] = try row.int("n") }
                let complaints = try await connection.query(
                    "select count(*) as n from service_requests where complaint_class = 'quality' and sku = $1", [sku])
                let returned = try await connection.query(
                    """
                    select coalesce(sum(coalesce(l.received_quantity, l.quantity)), 0) as n
                    from return_lines l join returns r on r.id = l.return_id where l.sku = $1 and r.status <> 'rejected'
                    """, [sku])
                return Summary(
                    sku: sku, cards: try cards.onlyRow().int("cards"), deliveredQuantity: try cards.onlyRow().int("quantity"),
                    // Row counts (count(*)), far below Int.max.
                    revisits: satisfaction.values.reduce(0, +), satisfaction: satisfaction,
                    qualityComplaints: try complaints.onlyRow().int("n"), returnedQuantity: try returned.onlyRow().int("n"))
            }
            return try JSONResponse(summary).response()
        }
    }
}
