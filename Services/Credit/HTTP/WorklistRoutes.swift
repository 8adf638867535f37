import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/worklist` (CONTRACT.md "The department's daily work"): for a sales_director, the orders whose credit
/// was refused (over the limit, customer on hold) and wait on hold for an override (DOMAIN.md "Credit",
/// compensations: credit refused → order on hold awaiting override), never an order the caller authored
/// (separation of duties). Every other role that reads credit gets `[]`.
enum WorklistRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/worklist") { _, context in
            let principal = try context.require(anyOf: CreditProfileRoutes.readers)
            guard principal.roles.contains(.salesDirector) else { return try JSONResponse([WorklistItem]()).response() }
            let refused = try await environment.pool.withConnection { try await WorklistStore.refusedReservations(on: $0) }
            let items = refused.filter { !$0.orderAuthors.contains(principal.subject) }.map { reservation in
                WorklistItem(
                    kind: "credit_override", id: reservation.orderId,
                    title: "Decide on order \(reservation.orderId) (\(reservation.amount) CNY): credit refused, "
                        + (reservation.refusalCode ?? "refused"),
                    since: reservation.since, dueBy: nil, path: "/v1/orders/\(Worklist.segment(reservation.orderId))/override")
            }
            return try JSONResponse(Worklist.ordered(items)).response()
        }
    }
}
