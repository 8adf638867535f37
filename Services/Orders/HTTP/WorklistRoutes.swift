import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/worklist` (CONTRACT.md "The department's daily work"): what waits in orders for the caller's roles —
/// quotes, contracts, amendments and cancellations awaiting an approval the caller may give (never their own
/// document, nor one they decided on already: separation of duties), phone and fax orders awaiting
/// confirmation (sales_manager, general_manager), and signed contracts not yet archived (sales_admin, due by the
/// end of the signing day). Every role may ask; a role with no work here gets `[]`.
enum WorklistRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/worklist") { _, context in
            let principal = try context.anyone()
            let approver = Approver(userId: principal.subject, roles: principal.roles)
            let deciding = !principal.roles.isDisjoint(with: ApprovalRoutes.approvers)
            let items = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                var items: [WorklistItem] = []
                if deciding {
                    items += try await approvals(for: approver, on: connection)
                }
                if principal.roles.contains(.salesAdmin) {
                    let calendar = try await CalendarYears.calendar(on: connection)
                    items += try await WorklistStore.unarchivedContracts(on: connection).map { contract in
                        WorklistItem(
                            kind: "contract_archive", id: contract.id,
                            title: "Archive signed contract \(contract.id) (\(contract.total) CNY)",
                            since: contract.signedAt, dueBy: ContractArchiving.dueBy(signedAt: contract.signedAt, calendar: calendar),
                            path: "/v1/contracts/\(Worklist.segment(contract.id))/archive")
                    }
                }
                return items
            }
            return try JSONResponse(Worklist.ordered(items)).response()
        }
    }

    /// The approvals and confirmations that wait for a decision `approver` may take.
    private static func approvals(for approver: Approver, on connection: PostgresConnection) async throws -> [WorklistItem] {
        func roles(_ pending: WorklistStore.Pending) -> String {
            pending.approval.pendingRoles.filter(approver.roles.contains).map(\.rawValue).joined(separator: ", ")
        }
        func awaits(_ pending: WorklistStore.Pending) -> Bool { pending.approval.awaits(approver, author: pending.createdBy) }
        var items: [WorklistItem] = []
        for quote in try await WorklistStore.pendingQuotes(notBy: approver.userId, on: connection) where awaits(quote) {
            items.append(
                WorklistItem(
                    kind: "quote_approval", id: quote.id, title: "Approve quote \(quote.id) (\(quote.detail) CNY) as \(roles(quote))",
                    since: quote.createdAt, dueBy: quote.validUntil, path: "/v1/quotes/\(Worklist.segment(quote.id))/approvals"))
        }
        for contract in try await WorklistStore.pendingContracts(notBy: approver.userId, on: connection) where awaits(contract) {
            items.append(
                WorklistItem(
                    kind: "contract_approval", id: contract.id,
                    title: "Approve contract \(contract.id) (\(contract.detail) CNY) as \(roles(contract))", since: contract.createdAt,
                    dueBy: nil, path: "/v1/contracts/\(Worklist.segment(contract.id))/approvals"))
        }
        for (request, orderId) in try await WorklistStore.pendingRequests(notBy: approver.userId, on: connection) where awaits(request) {
            let cancel = request.detail == AmendmentKind.cancel.rawValue
            items.append(
                WorklistItem(
                    kind: cancel ? "cancellation_approval" : "amendment_approval", id: request.id,
                    title: cancel
                        ? "Approve the cancellation of order \(orderId) as \(roles(request))"
                        : "Approve the \(request.detail) change of order \(orderId) as \(roles(request))",
                    since: request.createdAt, dueBy: nil, path: "/v1/order-requests/\(Worklist.segment(request.id))/approvals"))
        }
        for order in try await WorklistStore.unconfirmedOrders(notBy: approver.userId, on: connection) where awaits(order) {
            items.append(
                WorklistItem(
                    kind: "order_confirmation", id: order.id,
                    title: "Confirm phone or fax order \(order.id) (\(order.detail) CNY) as \(roles(order))", since: order.createdAt,
                    dueBy: nil, path: "/v1/orders/\(Worklist.segment(order.id))/confirm"))
        }
        return items
    }
}
