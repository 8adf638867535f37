import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `GET /v1/worklist` (CONTRACT.md "The department's daily work"; DOMAIN.md "Invoices, receipts and the customer's
/// account": overdue invoices go through dunning, the salesperson chases, finance confirms):
/// - salesperson: overdue invoices to chase (`POST /v1/invoices/{id}/dunning-notices`);
/// - finance: overdue invoices to collect (`POST /v1/receipts` records the money) and the salespeople's chases to
///   confirm (`POST /v1/dunning-notices/{id}/confirm`);
/// - general_manager: freight refunds to decide (not their own request).
///
/// An overdue invoice is due by the end of its due date (company time zone): it is on the list from the next day,
/// the longest overdue first. A role with no work here gets `[]`.
enum WorklistRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let calendar = FinanceCalendar.business
        router.get("/v1/worklist") { _, context in
            let principal = try context.require(anyOf: Set(Role.allCases))
            let roles = principal.roles
            let now = environment.clock.now()
            let items = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                var items: [WorklistItem] = []
                if !roles.isDisjoint(with: [.salesperson, .finance]) {
                    let overdue = Invoice.overdue(
                        try await WorklistStore.pastDue(before: calendar.day(of: now), on: connection), asOf: now, calendar: calendar)
                    for invoice in overdue {
                        let days = invoice.daysPastDue(asOf: now, calendar: calendar)
                        let dueBy = calendar.startOfDay(invoice.dueDate.adding(days: 1))
                        let what =
                            "\(invoice.kind.rawValue) invoice \(invoice.id) (\(invoice.outstanding) CNY outstanding, \(days) days overdue)"
                        if roles.contains(.salesperson) {
                            items.append(
                                WorklistItem(
                                    kind: "invoice_to_chase", id: invoice.id, title: "Chase the customer for \(what)",
                                    since: invoice.issuedAt,
                                    dueBy: dueBy, path: "/v1/invoices/\(Worklist.segment(invoice.id))/dunning-notices"))
                        }
                        if roles.contains(.finance) {
                            items.append(
                                WorklistItem(
                                    kind: "overdue_invoice", id: invoice.id, title: "Collect \(what)", since: invoice.issuedAt,
                                    dueBy: dueBy,
                                    path: "/v1/receipts"))
                        }
                    }
                }
                if roles.contains(.finance) {
                    for notice in try await WorklistStore.unconfirmedNotices(on: connection) {
                        items.append(
                            WorklistItem(
                                kind: "dunning_confirmation", id: notice.id,
                                title: "Confirm the level \(notice.level) chase of invoice \(notice.invoiceId)", since: notice.chasedAt,
                                dueBy: nil, path: "/v1/dunning-notices/\(Worklist.segment(notice.id))/confirm"))
                    }
                }
                if roles.contains(.generalManager) {
                    for refund in try await WorklistStore.pendingFreightRefunds(notBy: principal.subject, on: connection) {
                        items.append(
                            WorklistItem(
                                kind: "freight_refund_approval", id: refund.id,
                                title: "Decide the refund of \(refund.amount) CNY freight of invoice \(refund.invoiceId)",
                                since: refund.requestedAt, dueBy: nil, path: "/v1/freight-refunds/\(Worklist.segment(refund.id))/approvals")
                        )
                    }
                }
                return items
            }
            return try JSONResponse(Worklist.ordered(items)).response()
        }
    }
}
