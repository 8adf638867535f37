import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/refunds?customerId=` or `?orderId=`: money paid back to customers (DOMAIN.md "Invoices,
/// receipts and the customer's account"; "After-sales and returns"): deposits after a cancellation
/// (less the penalty), and the refunded part of credit notes for returns and for advanced freight, each
/// with who approved it, who recorded it and when. Oldest first.
enum RefundRoutes {
    static let readers: Set<Role> = [.finance, .generalManager, .salesManager, .auditor]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/refunds") { request, context -> Response in
            _ = try context.require(anyOf: readers)
            let query = request.uri.queryParameters
            let filter: RefundStore.Filter
            if let orderId = query.get("orderId"), !orderId.isEmpty {
                filter = .order(orderId)
            } else if let customerId = query.get("customerId"), !customerId.isEmpty {
                filter = .customer(customerId)
            } else {
                throw Problem.validation(
                    "give orderId or customerId", errors: [.init(field: "orderId", message: "orderId or customerId is required")])
            }
            let refunds = try await environment.pool.withConnection { try await RefundStore.refunds(filter, on: $0) }
            return try JSONResponse(refunds).response()
        }
    }
}
