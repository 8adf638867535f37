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
            let query = try ListQuery(
                request, filters: ["orderId", "customerId"], choices: ["kind": ["deposit", "return", "freight"]])
            let page = try await environment.pool.withConnection { try await RefundStore.list(query, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }

        // Money received, for finance to reconcile and the managers to follow (CONTRACT.md "The department's daily work").
        router.get("/v1/receipts") { request, context -> Response in
            _ = try context.require(anyOf: readers)
            let query = try ListQuery(
                request, filters: ["orderId", "customerId"],
                choices: ["method": Receipt.Method.allCases.map(\.rawValue), "reconciliation": ["true", "false"]])
            let page = try await environment.pool.withConnection { try await ReceiptStore.list(query, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }
    }
}
