import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/reports/collection-rate?period=yyyy-mm&groupBy=salesperson|customer` (CONTRACT.md "The
/// department's daily work", Reports): 回款率, what was received in the month against what fell due in it,
/// JSON, or CSV with `Accept: text/csv`. Months in the business calendar (Asia/Shanghai, `FinanceCalendar.business`).
///
/// - Fell due (`due`): the charges — deposit, balance and freight invoices; not credit notes, not cancelled
///   invoices — whose due date is in the month, at their amount as it stands, less what credit notes offset
///   against them before the end of the month (a credit note lowers what the customer owes; it is not money
///   received).
/// - Received (`received`): what was allocated to those same invoices before the end of the month (00:00
///   Shanghai on the first of the next month), from receipts and from the customer's credit balance (earlier
///   overpayments), whenever the receipt was recorded — paid early counts, paid after the month does not.
/// - Rate (`rate`): received ÷ due as a percentage with two decimals, rounded down (`CollectionRate`);
///   absent when nothing fell due.
///
/// A row per group — the order's salesperson (the customer's owner when the order was signed or taken,
/// learnt from orders' deposit invoice request, `order_owners`), `""` for unassigned orders; or the customer
/// — by group, and a total row. Readers: as the aging report's (`AccountRoutes.agingReaders`).
enum ReportRoutes {
    struct Row: Encodable, Equatable, CSVRow {
        var group: String
        var due: Money
        var received: Money
        /// `"66.66"`; absent when nothing fell due.
        var rate: String?

        init(_ sums: CollectionRateStore.Sums) {
            group = sums.group
            due = sums.due
            received = sums.received
            rate = CollectionRate(received: sums.received, due: sums.due)?.description
        }

        static let csvHeader = ["row", "group", "due", "received", "rate"]
        var csvFields: [String] { ["group", group, due.description, received.description, rate ?? ""] }
    }

    /// The total as the CSV's last line (`row` = `total`, `group` empty).
    struct CSVLine: CSVRow {
        var row: Row
        var isTotal: Bool
        static let csvHeader = Row.csvHeader
        var csvFields: [String] {
            isTotal ? ["total", "", row.due.description, row.received.description, row.rate ?? ""] : row.csvFields
        }
    }

    struct Report: Encodable {
        var period: String
        var groupBy: String
        /// The month's first instant and the next month's (business calendar).
        var from: Date
        var to: Date
        var rows: [Row]
        var total: Row
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/reports/collection-rate") { request, context -> Response in
            _ = try context.require(anyOf: AccountRoutes.agingReaders)
            let parameters = try ReportParameters(request, takes: ["period", "groupBy"])
            let month = try parameters.month("period")
            let groupBy = try parameters.choice("groupBy", of: CollectionRateStore.GroupBy.self)
            let calendar = FinanceCalendar.business
            let (from, to) = (calendar.startOfDay(month.first), calendar.startOfDay(month.next))
            let sums = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                try await CollectionRateStore.sums(groupBy: groupBy, first: month.first, next: month.next, end: to, on: connection)
            }
            let report = Report(
                period: month.description, groupBy: groupBy.rawValue, from: from, to: to, rows: sums.groups.map(Row.init),
                total: Row(sums.total))
            let lines = report.rows.map { CSVLine(row: $0, isTotal: false) } + [CSVLine(row: report.total, isTotal: true)]
            return try ReportResponse(report, rows: lines, filename: "collection-rate-\(month)-by-\(groupBy.rawValue)")
                .response(from: request, context: context)
        }
    }
}
