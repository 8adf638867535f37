import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The list statements of the orders service (CONTRACT.md "The department's daily work"): newest first,
/// keyset pages on `(created_at, id)`, each served by an index of migration 200. `owner` narrows a list to
/// one salesperson's customers; `q` matches an id exactly or the customer's name in part.
enum OrdersLists {
    static func quotes(
        _ query: ListQuery, owner: String?, on connection: PostgresConnection
    ) async throws -> (
        items: [Quote], next: ListCursor?
    ) {
        var conditions = query.conditions() + ownership(query, owner: owner)
        if let text = query.text { conditions.append("(id = \(text) or \(customerNamed(query, column: "customer_id")))") }
        let rows = try await connection.query(
            "select *, \(ListQuery.cursorColumn()) from quotes where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit())"
        ).rows
        return try query.page(rows, QuoteStore.quote(from:))
    }

    static func contracts(
        _ query: ListQuery, owner: String?, on connection: PostgresConnection
    ) async throws -> (
        items: [Contract], next: ListCursor?
    ) {
        var conditions = query.conditions() + ownership(query, owner: owner)
        if let quoteId = query.filters["quoteId"] { conditions.append("quote_id = \(quoteId)") }
        if let text = query.text {
            conditions.append("(id = \(text) or order_id = \(text) or \(customerNamed(query, column: "customer_id")))")
        }
        let rows = try await connection.query(
            "select *, \(ListQuery.cursorColumn()) from contracts where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit())"
        ).rows
        return try query.page(rows, ContractStore.contract(from:))
    }

    static func orders(
        _ query: ListQuery, owner: String?, on connection: PostgresConnection
    ) async throws -> (
        items: [OrderRecord], next: ListCursor?
    ) {
        var conditions = query.conditions() + ownership(query, owner: owner)
        if let source = query.filters["source"] { conditions.append("source = \(source)") }
        if let pattern = query.likePattern {
            conditions.append("(id = \(query.text) or contract_id = \(query.text) or buyer_name ilike \(pattern))")
        }
        let rows = try await connection.query(
            "select *, \(ListQuery.cursorColumn()) from orders where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit())"
        ).rows
        return try query.page(rows, OrderStore.record(from:))
    }

    /// Change requests; `owner` through their order's.
    static func orderRequests(
        _ query: ListQuery, owner: String?, on connection: PostgresConnection
    ) async throws -> (
        items: [OrderRequest], next: ListCursor?
    ) {
        // The customer is the order's: `customerId` is asked of `o`, not of the request.
        var ownConditions = query
        ownConditions.filters["customerId"] = nil
        var conditions = ownConditions.conditions(table: "r")
        if let orderId = query.filters["orderId"] { conditions.append("r.order_id = \(orderId)") }
        if let kind = query.filters["kind"] { conditions.append("r.kind = \(kind)") }
        if let owner { conditions.append("o.owner = \(owner)") }
        if let customerId = query.filters["customerId"] { conditions.append("o.customer_id = \(customerId)") }
        if let text = query.text { conditions.append("(r.id = \(text) or r.order_id = \(text))") }
        let rows = try await connection.query(
            """
            select r.*, \(ListQuery.cursorColumn(table: "r")) from order_requests r join orders o on o.id = r.order_id
            where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit(table: "r"))
            """
        ).rows
        return try query.page(rows, OrderRequestStore.request(from:))
    }

    static func customers(
        _ query: ListQuery, owner: String?, on connection: PostgresConnection
    ) async throws -> (
        items: [CustomerStore.Listed], next: ListCursor?
    ) {
        var conditions = query.conditions() + ownership(query, owner: owner)
        if let channel = query.filters["channel"] { conditions.append("channel = \(channel)") }
        if let pattern = query.likePattern { conditions.append("(id = \(query.text) or name ilike \(pattern))") }
        let rows = try await connection.query(
            """
            select id, name, channel, owner, region, created_at, \(ListQuery.cursorColumn()) from customers
            where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit())
            """
        ).rows
        return try query.page(rows, CustomerStore.listed(from:))
    }

    static func products(_ query: ListQuery, on connection: PostgresConnection) async throws -> (items: [Product], next: ListCursor?) {
        var conditions = query.conditions(id: "sku")
        if let pattern = query.likePattern { conditions.append("(sku = \(query.text) or name ilike \(pattern) or spec ilike \(pattern))") }
        let rows = try await connection.query(
            """
            select *, \(ListQuery.cursorColumn()) from products where \(SQL.joined(conditions, separator: " and "))
            \(query.orderAndLimit(id: "sku"))
            """
        ).rows
        return try query.page(rows, id: "sku", ProductStore.product(from:))
    }

    /// `owner = …` (the caller's own customers, or the `owner` filter) and `region = …` when given.
    private static func ownership(_ query: ListQuery, owner: String?) -> [SQL] {
        var conditions: [SQL] = []
        if let owner = owner ?? query.filters["owner"] { conditions.append("owner = \(owner)") }
        if let region = query.filters["region"] { conditions.append("region = \(region)") }
        return conditions
    }

    /// The row's customer (by `column`) has `q` in its name.
    private static func customerNamed(_ query: ListQuery, column: String) -> SQL {
        guard let pattern = query.likePattern else { return "false" }
        return "exists (select 1 from customers c where c.id = \(identifier: column) and c.name ilike \(pattern))"
    }
}
