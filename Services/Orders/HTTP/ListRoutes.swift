import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The lists of the orders service (CONTRACT.md "The department's daily work"): `GET /v1/quotes`,
/// `/v1/contracts`, `/v1/orders`, `/v1/order-requests`, `/v1/customers`, `/v1/products`, newest first in
/// pages of `limit` (`ListQuery`, `ListPage`). Each role sees in a list what it may read one by one, in the
/// same shape: the goods-only roles an order's goods, everyone a customer's summary (the full archive is
/// read one by one, and logged). A caller who is a salesperson and nothing else sees the documents of their
/// own customers only (DOMAIN.md "Confidentiality"); asking for another owner's is 403.
enum ListRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/quotes") { request, context in
            let principal = try context.require(anyOf: ProductRoutes.readers)
            let query = try ListQuery(request, statuses: QuoteStatus.allCases.map(\.rawValue), filters: ownedFilters)
            let owner = try ownOnly(principal, query)
            let page = try await environment.pool.withConnection { try await OrdersLists.quotes(query, owner: owner, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }

        router.get("/v1/contracts") { request, context in
            let principal = try context.require(anyOf: ProductRoutes.readers)
            let query = try ListQuery(
                request, statuses: ContractStatus.allCases.map(\.rawValue), filters: ownedFilters.union(["quoteId"]))
            let owner = try ownOnly(principal, query)
            let page = try await environment.pool.withConnection { try await OrdersLists.contracts(query, owner: owner, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }

        router.get("/v1/orders") { request, context in
            let principal = try context.anyone()
            let full = !principal.roles.isSubset(of: OrderRoutes.goodsOnlyReaders)
            let query = try ListQuery(
                request, statuses: OrderStatus.allCases.map(\.rawValue), filters: full ? ownedFilters.union(["source"]) : ["source"])
            let owner = try ownOnly(principal, query)
            let page = try await environment.pool.withConnection { try await OrdersLists.orders(query, owner: owner, on: $0) }
            return try ListPage(page.items.map { OrderView($0, saga: nil, full: full) }, next: page.next)
                .response(from: request, context: context)
        }

        router.get("/v1/order-requests") { request, context in
            let principal = try context.require(anyOf: Set(Role.allCases).subtracting(OrderRoutes.goodsOnlyReaders))
            let query = try ListQuery(
                request, statuses: ChangeRequestFlow.Status.allCases.map(\.rawValue), filters: ["customerId", "orderId"],
                choices: ["kind": AmendmentKind.allCases.map(\.rawValue)])
            let owner = try ownOnly(principal, query)
            let page = try await environment.pool.withConnection { try await OrdersLists.orderRequests(query, owner: owner, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }

        router.get("/v1/customers") { request, context in
            let principal = try context.anyone()
            let query = try ListQuery(request, filters: ["owner", "region"], choices: ["channel": Channel.allCases.map(\.rawValue)])
            let owner = try ownOnly(principal, query)
            let page = try await environment.pool.withConnection { try await OrdersLists.customers(query, owner: owner, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }

        router.get("/v1/products") { request, context in
            _ = try context.require(anyOf: ProductRoutes.readers)
            let query = try ListQuery(request)
            let page = try await environment.pool.withConnection { try await OrdersLists.products(query, on: $0) }
            return try ListPage(page.items, next: page.next).response(from: request, context: context)
        }
    }

    /// The filters of a list of customers' documents.
    static let ownedFilters: Set<String> = ["customerId", "owner", "region"]

    /// The caller's own `sub` when they are a salesperson and nothing else: their lists show their own
    /// customers' documents only, and a filter on another owner is refused.
    static func ownOnly(_ principal: Principal, _ query: ListQuery) throws -> String? {
        guard principal.roles == [.salesperson] else { return nil }
        if let owner = query.filters["owner"], owner != principal.subject {
            throw Problem.forbiddenRole("a salesperson's lists show their own customers' documents only")
        }
        return principal.subject
    }
}
