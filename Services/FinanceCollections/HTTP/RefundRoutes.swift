import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/refunds`: money paid back to customers (DOMAIN.md "Invoices, receipts and the customer's
/// account"; "After-sales and returns"): deposits after a cancellation (less the penalty), and the refunded
/// part of credit notes for returns and for advanced freight, each with who approved it, who recorded it and
/// when; and `GET /v1/receipts`, money received. Both newest first in pages (`ListQuery`).
enum RefundRoutes {
    static let readers: Set<Role> = [.finance, .generalManager, .salesManager, .auditor]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/refunds") { request, context -> Response in
            _ = try context.require(anyOf: readers)
            let query = try ListQuery(request, filters: ["orderId", "customerId", "kind"])
            if let kind = query.filters["kind"], !["deposit", "return", "freight"].contains(kind) {
                throw Problem.validation(
                    "invalid list parameter kind", errors: [.init(field: "kind", message: "must be one of deposit, return, freight")])
            }
            let page = try await environment.pool.withConnection { try await RefundStore.list(query, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }

        // Money received, for finance to reconcile and the managers to follow (CONTRACT.md "The department's daily work").
        router.get("/v1/receipts") { request, context -> Response in
            _ = try context.require(anyOf: readers)
            let query = try ListQuery(request, filters: ["orderId", "customerId", "method", "reconciliation"])
            if let method = query.filters["method"], Receipt.Method(rawValue: method) == nil {
                throw Problem.validation(
                    "invalid list parameter method",
                    errors: [
                        .init(field: "method", message: "must be one of \(Receipt.Method.allCases.map(\.rawValue).joined(separator: ", "))")
                    ])
            }
            if let flag = query.filters["reconciliation"], !["true", "false"].contains(flag) {
                throw Problem.validation(
                    "invalid list parameter reconciliation", errors: [.init(field: "reconciliation", message: "must be true or false")])
            }
            let page = try await environment.pool.withConnection { try await ReceiptStore.list(query, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }
    }
}
