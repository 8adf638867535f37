import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Product quality tracking cards (产品质量跟踪卡, DOMAIN.md "After-sales and returns"): one card per
/// delivered order line, and the revisits that record the customer's satisfaction.
///
/// Satisfaction is one of `satisfied`, `neutral`, `dissatisfied` (the three answers of a revisit form;
/// a score would suggest a precision the phone call does not have).
struct QualityCardStore {
    let connection: PostgresConnection

    enum Satisfaction: String, Codable, Sendable, CaseIterable {
        case satisfied, neutral, dissatisfied
    }

    struct Card: Encodable, Sendable {
        var id: String
        var orderId: String
        var customerId: String?
        var sku: String
        var quantity: Int
        var deliveredAt: Date
        var revisits: [Revisit]
    }

    struct Revisit: Encodable, Sendable {
        var id: Int
        var satisfaction: String
        var contact: String
        var notes: String?
        var by: String
        var role: String
        var at: Date
    }

    /// Opens (or completes) the cards of a delivered order: one per delivered line, keyed on (order, sku).
    func ensureCards(for order: ReturnableOrderStore.Order, now: Date) async throws {
        guard let deliveredAt = order.deliveredAt else { return }
        for line in order.lines where line.delivered > 0 {
            try await connection.query(
                """
                insert into quality_cards (id, order_id, customer_id, sku, quantity, delivered_at, created_at)
                values ($1, $2, $3, $4, $5, $6, $7)
                on conflict (order_id, sku) do update set quantity = excluded.quantity, customer_id = excluded.customer_id
                """, ["qc-\(order.orderId)-\(line.sku)", order.orderId, order.customerId, line.sku, line.delivered, deliveredAt, now])
        }
    }

    func cards(sku: String?, orderId: String?) async throws -> [Card] {
        let result = try await connection.query(
            """
            select id, order_id, customer_id, sku, quantity, delivered_at from quality_cards
            where ($1::text is null or sku = $1) and ($2::text is null or order_id = $2) order by delivered_at, id limit 500
            """, [sku, orderId])
        var cards: [Card] = []
        for row in result.rows {
            let id = try row.string("id")
            cards.append(Card(
                id: id, orderId: try row.string("order_id"), customerId: row.optionalString("customer_id"), sku: try row.string("sku"),
                quantity: try row.int("quantity"), deliveredAt: try row.date("delivered_at"), revisits: try await revisits(id)))
        }
        return cards
    }

    func exists(_ id: String) async throws -> Bool {
        try await connection.query("select 1 from quality_cards where id = $1", [id]).rows.isEmpty == false
    }

    func addRevisit(card: String, satisfaction: Satisfaction, contact: String, notes: String?, by actor: Author, at now: Date) async throws -> Int {
        let result = try await connection.query(
            """
            insert into quality_revisits (card_id, satisfaction, contact, notes, created_by, created_role, created_at)
            values ($1, $2, $3, $4, $5, $6, $7) returning id
            """, [card, satisfaction.rawValue, contact, notes, actor.subject, actor.role, now])
        return try result.onlyRow().int("id")
    }

    private func revisits(_ card: String) async throws -> [Revisit] {
        let result = try await connection.query(
            """
            select id, satisfaction, contact, notes, created_by, created_role, created_at from quality_revisits
            where card_id = $1 order by id
            """, [card])
        return try result.rows.map {
            Revisit(
                id: try $0.int("id"), satisfaction: try $0.string("satisfaction"), contact: try $0.string("contact"),
                notes: $0.optionalString("notes"), by: try $0.string("created_by"), role: try $0.string("created_role"),
                at: try $0.date("created_at"))
        }
    }
}
