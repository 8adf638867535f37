import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres

/// `GET /v1/sagas/stuck`, for operators of any service that hosts sagas: the sagas of the service's
/// schema that are stuck (a deadline fired and the saga did not move past it, or a deadline is overdue
/// and has not fired yet), oldest first.
package enum StuckSagasRoute {
    struct Stuck: Encodable {
        var id: String
        var type: String
        var state: String
        var awaiting: [String]
        var nextDeadline: Date?
        var overdueSince: Date?
        var updatedAt: Date
    }

    package static func add(
        to router: Router<O2CRequestContext>, environment: ServiceEnvironment,
        readers: Set<Role> = [.salesDirector, .generalManager, .auditor, .salesManager]
    ) {
        router.get("/v1/sagas/stuck") { _, context in
            _ = try context.require(anyOf: readers)
            let queries = SagaQueries(schema: environment.schema)
            let stuck = try await environment.pool.withConnection { try await queries.stuck(now: environment.clock.now(), on: $0) }
            let views = stuck.map {
                Stuck(
                    id: $0.id, type: $0.type, state: $0.state, awaiting: $0.awaiting, nextDeadline: $0.nextDeadline,
                    overdueSince: $0.overdueSince, updatedAt: $0.updatedAt)
            }
            return try JSONResponse(views).response()
        }
    }
}
