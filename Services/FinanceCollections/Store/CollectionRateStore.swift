import Foundation
import O2CContracts
import O2CPostgres

/// The figures of the collection-rate report (`ReportRoutes`), each summed by PostgreSQL over finance's own
/// `invoices`, `allocations` and `order_owners` in one statement: a row per group and the total row
/// (grouping sets).
enum CollectionRateStore {
    enum GroupBy: String, CaseIterable, Sendable {
        case salesperson, customer
    }

    /// One group's (or the total's) sums in fen.
    struct Sums: Equatable, Sendable {
        var group: String
        var due: Money
        var received: Money
    }

    /// The groups, by group key, and the total. Charges falling due on `first` up to (not including) `next`;
    /// allocations made before `end` (the start of `next` in the business calendar).
    static func sums(
        groupBy: GroupBy, first: CalendarDate, next: CalendarDate, end: Date, on connection: PostgresConnection
    )
        async throws -> (groups: [Sums], total: Sums)
    {
        let key: SQL =
            switch groupBy {
            case .salesperson: "coalesce(o.salesperson, '')"
            case .customer: "i.customer_id"
            }
        let result = try await connection.query(
            """
            with charges as (
                select i.id, \(key) as key, i.amount
                from invoices i left join order_owners o on o.order_id = i.order_id
                where i.kind <> 'credit_note' and i.status <> 'cancelled'
                  and i.due_date >= \(first.description)::date and i.due_date < \(next.description)::date
            ), paid as (
                select a.invoice_id,
                       coalesce(sum(a.amount) filter (where a.source <> 'credit_note'), 0) as received,
                       coalesce(sum(a.amount) filter (where a.source = 'credit_note'), 0) as credited
                from allocations a join charges c on c.id = a.invoice_id
                where a.created_at < \(end)
                group by a.invoice_id
            )
            select grouping(c.key) as is_total, coalesce(c.key, '') as key,
                   coalesce(sum(c.amount - coalesce(p.credited, 0)), 0)::bigint as due, coalesce(sum(p.received), 0)::bigint as received
            from charges c left join paid p on p.invoice_id = c.id
            group by grouping sets ((c.key), ())
            order by is_total, key
            """)
        var groups: [Sums] = []
        var total = Sums(group: "", due: .zero, received: .zero)
        for row in result.rows {
            // Sums beyond 999,999,999,999.99 (a month of more than that falling due) are refused: a 500.
            let sums = Sums(
                group: try row.string("key"), due: try Money(checkedMinorUnits: try row.int64("due")),
                received: try Money(checkedMinorUnits: try row.int64("received")))
            if try row.int("is_total") == 1 { total = sums } else { groups.append(sums) }
        }
        return (groups, total)
    }
}
