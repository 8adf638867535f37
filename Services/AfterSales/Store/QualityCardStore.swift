import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Product quality tracking cards (产品质量跟踪卡, DOMAIN.md "After-sales and returns"): one card per
/// delivered order line, and the revisits that record the customer's satisfaction.
///
/// Satisfaction is one of `satisfied`, `neutral`, `dissatisfied` (the three answers of a revisit form;
/// a score would suggest a precision the phone call does not have).
enum QualityCardStore {

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

    /// `GET /v1/products/{sku}/quality`.
    struct ProductSummary: Encodable, Sendable {
        var sku: String
        var cards: Int
        var deliveredQuantity: Int
        var revisits: Int
        var satisfaction: [String: Int]
        var qualityComplaints: Int
        var returnedQuantity: Int
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
    static func ensureCards(for order: ReturnableOrderStore.Order, now: Date, on connection: PostgresConnection) async throws {
        guard let deliveredAt = order.deliveredAt else { return }
        for line in order.lines where line.delivered > 0 {
            let id = "qc-\(order.orderId)-\(line.sku)"
            try await connection.query(
                """
                insert into quality_cards (id, order_id, customer_id, sku, quantity, delivered_at, created_at)
                values (\(id), \(order.orderId), \(order.customerId), \(line.sku), \(line.delivered), \(deliveredAt), \(now))
                on conflict (order_id, sku) do update set quantity = excluded.quantity, customer_id = excluded.customer_id
                """)
        }
    }

    static func cards(sku: String?, orderId: String?, on connection: PostgresConnection) async throws -> [Card] {
        let result = try await connection.query(
            """
            select id, order_id, customer_id, sku, quantity, delivered_at from quality_cards
            where (\(sku)::text is null or sku = \(sku)) and (\(orderId)::text is null or order_id = \(orderId)) order by delivered_at, id limit 500
            """)
        var cards: [Card] = []
        for row in result.rows {
            let id = try row.string("id")
            cards.append(
                Card(
                    id: id, orderId: try row.string("order_id"), customerId: row.optionalString("customer_id"), sku: try row.string("sku"),
                    quantity: try row.int("quantity"), deliveredAt: try row.date("delivered_at"),
                    revisits: try await revisits(id, on: connection)))
        }
        return cards
    }

    static func exists(_ id: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("select 1 from quality_cards where id = \(id)").rows.isEmpty == false
    }

    static func addRevisit(
        card: String, satisfaction: Satisfaction, contact: String, notes: String?, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws -> Int {
        let result = try await connection.query(
            """
            insert into quality_revisits (card_id, satisfaction, contact, notes, created_by, created_role, created_at)
            values (\(card), \(satisfaction.rawValue), \(contact), \(notes), \(actor.subject), \(actor.role), \(now)) returning id
            """)
        return try result.onlyRow().int("id")
    }

    private static func revisits(_ card: String, on connection: PostgresConnection) async throws -> [Revisit] {
        let result = try await connection.query(
            """
            select id, satisfaction, contact, notes, created_by, created_role, created_at from quality_revisits
            where card_id = \(card) order by id
            """)
        return try result.rows.map {
            Revisit(
                id: try $0.int("id"), satisfaction: try $0.string("satisfaction"), contact: try $0.string("contact"),
                notes: $0.optionalString("notes"), by: try $0.string("created_by"), role: try $0.string("created_role"),
                at: try $0.date("created_at"))
        }
    }

    /// One product's quality picture: its cards and delivered quantity, its revisits by satisfaction, the
    /// quality complaints against it, and how much of it came back on returns not rejected.
    static func summary(sku: String, on connection: PostgresConnection) async throws -> ProductSummary {
        let cards = try await connection.query(
            "select count(*) as cards, coalesce(sum(quantity), 0) as quantity from quality_cards where sku = \(sku)")
        let revisits = try await connection.query(
            """
            select r.satisfaction, count(*) as n from quality_revisits r join quality_cards c on c.id = r.card_id
            where c.sku = \(sku) group by r.satisfaction
            """)
        var satisfaction = Dictionary(uniqueKeysWithValues: Satisfaction.allCases.map { ($0.rawValue, 0) })
        for row in revisits.rows { satisfaction[try row.string("satisfaction")] = try row.int("n") }
        let complaints = try await connection.query(
            "select count(*) as n from service_requests where complaint_class = 'quality' and sku = \(sku)")
        let returned = try await connection.query(
            """
            select coalesce(sum(coalesce(l.received_quantity, l.quantity)), 0) as n
            from return_lines l join returns r on r.id = l.return_id where l.sku = \(sku) and r.status <> 'rejected'
            """)
        return ProductSummary(
            sku: sku, cards: try cards.onlyRow().int("cards"), deliveredQuantity: try cards.onlyRow().int("quantity"),
            // Row counts (count(*)), far below Int.max.
            revisits: satisfaction.values.reduce(0, +), satisfaction: satisfaction,
            qualityComplaints: try complaints.onlyRow().int("n"), returnedQuantity: try returned.onlyRow().int("n"))
    }
}
