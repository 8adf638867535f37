import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The statements of finance-collections' worklist (`GET /v1/worklist`), each served by a partial index of
/// migration 210 and bounded by the worklist's limit.
enum WorklistStore {
    /// Open charges due before `day` (overdue on it), the longest overdue first.
    static func pastDue(before day: CalendarDate, on connection: PostgresConnection) async throws -> [Invoice] {
        try await connection.query(
            """
            select \(InvoiceStore.columns) from invoices
            where status = 'open' and kind <> 'credit_note' and outstanding > 0 and due_date < \(day.description)::date
            order by due_date, id limit \(Worklist.limit)
            """
        ).rows.map(InvoiceStore.invoice)
    }

    struct Notice: Sendable {
        var id: String
        var invoiceId: String
        var level: Int
        var chasedAt: Date
    }

    /// Dunning notices not yet confirmed by finance, oldest first.
    static func unconfirmedNotices(on connection: PostgresConnection) async throws -> [Notice] {
        try await connection.query(
            """
            select id, invoice_id, level, chased_at from dunning_notices
            where confirmed_at is null order by chased_at, id limit \(Worklist.limit)
            """
        ).rows.map { row in
            Notice(
                id: try row.string("id"), invoiceId: try row.string("invoice_id"), level: try row.int("level"),
                chasedAt: try row.date("chased_at"))
        }
    }

    struct FreightRefund: Sendable {
        var id: String
        var invoiceId: String
        var amount: Money
        var requestedAt: Date
    }

    /// Freight refunds awaiting the general_manager that `caller` did not request (separation of duties).
    static func pendingFreightRefunds(notBy caller: String, on connection: PostgresConnection) async throws -> [FreightRefund] {
        try await connection.query(
            """
            select id, invoice_id, amount, requested_at from freight_refunds
            where status = 'pending' and requested_by <> \(caller) order by requested_at, id limit \(Worklist.limit)
            """
        ).rows.map { row in
            FreightRefund(
                id: try row.string("id"), invoiceId: try row.string("invoice_id"), amount: Money(minorUnits: try row.int64("amount")),
                requestedAt: try row.date("requested_at"))
        }
    }
}
