import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Reading notes, and the production stocking plan (备货计划), which shows only the customer's name and
/// the expected ship date, never an address or phone (DOMAIN.md "Dispatch" 8, "Confidentiality").
enum DispatchQueryRoutes {
    /// Who works on dispatch notes and so may see their delivery address (a carrier only its own notes).
    static let noteReaders: Set<Role> = [
        .warehouseKeeper, .salesAdmin, .salesManager, .salesDirector, .generalManager, .customerService, .finance,
        .carrier, .auditor,
    ]
    /// Who sees every note of an order asked for by `orderId`.
    static let orderNoteReaders: Set<Role> = noteReaders.subtracting([.carrier])
    /// Who may read the cross-order list (no `orderId`): every customer's name and delivery address.
    static let crossOrderReaders: Set<Role> = [.warehouseKeeper, .salesAdmin, .salesManager, .salesDirector, .generalManager, .auditor]
    /// Who reads the access log of list reads.
    static let accessLogReaders: Set<Role> = [.generalManager, .salesDirector, .auditor]

    /// How the caller reads notes: in full in `role`, or, acting as carrier, only the notes handed to it.
    enum Reader {
        case full(Role)
        case carrier(String)

        var role: Role {
            switch self {
            case .full(let role): role
            case .carrier: .carrier
            }
        }
        var carrier: String? {
            switch self {
            case .full: nil
            case .carrier(let subject): subject
            }
        }
        func view(_ note: DispatchNote) -> DispatchNoteView {
            switch self {
            case .full: DispatchNoteView(note)
            case .carrier: DispatchNoteView.carrierView(note)
            }
        }

        /// `full` when the caller holds one of `fullReaders` (the first in DOMAIN.md's order), else
        /// `carrier` for a carrier, else nil.
        static func of(_ principal: Principal, fullReaders: Set<Role>) -> Reader? {
            if let role = Role.allCases.first(where: { fullReaders.contains($0) && principal.roles.contains($0) }) { return .full(role) }
            return principal.roles.contains(.carrier) ? .carrier(principal.subject) : nil
        }
    }

    struct PlanEntry: Codable, Sendable {
        struct Line: Codable, Sendable { var sku: String; var quantity: Int }
        var dispatchNoteId: String
        var orderId: String
        var customerName: String
        var expectedShipDate: Date
        var status: String
        var lines: [Line]
    }

    /// The read of `GET /v1/dispatch-notes/{id}` and its printed form: the note the path names as the caller may
    /// see it. A carrier reads only the notes handed to it; any other is "not found", so it cannot probe ids.
    static func read(context: O2CRequestContext, environment: ServiceEnvironment) async throws -> DispatchNoteView {
        let principal = try context.require(anyOf: noteReaders)
        let id = try context.parameters.require("id")
        guard let reader = Reader.of(principal, fullReaders: orderNoteReaders) else {
            throw Problem.forbiddenRole("no role to read notes")
        }
        guard let note = try await environment.pool.withConnection({ try await DispatchNoteStore.find(id: id, on: $0) }),
            reader.carrier == nil || note.carrier == reader.carrier
        else { throw Problem.notFound("no dispatch note \(id)") }
        return reader.view(note)
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        // The list carries customers' names and delivery addresses: each read is logged in `access_log`
        // (who, role, when, filter, how many notes), as orders logs customer-archive reads.
        router.get("/v1/dispatch-notes") { request, context in
            let principal = try context.require(anyOf: noteReaders)
            let query = try ListQuery(
                request, statuses: DispatchStatus.allCases.map(\.rawValue), filters: ["orderId", "customerId"],
                choices: ["kind": NoteKind.allCases.map(\.rawValue)])
            let orderId = query.filters["orderId"]
            guard let reader = Reader.of(principal, fullReaders: orderId == nil ? crossOrderReaders : orderNoteReaders) else {
                throw Problem.forbiddenRole(
                    "the list of every order's dispatch notes needs one of the roles "
                        + crossOrderReaders.map(\.rawValue).sorted().joined(separator: ", ") + "; give orderId to read one order's notes")
            }
            let now = environment.clock.now()
            let page = try await environment.pool.transaction { connection in
                let page = try await DispatchNoteStore.list(query, carrier: reader.carrier, on: connection)
                try await AccessLogStore.record(
                    .init(
                        readBy: principal.subject, role: reader.role.rawValue, at: now, route: "GET /v1/dispatch-notes",
                        filter: request.uri.query.map { String($0.prefix(200)) } ?? "all orders", notes: page.items.count),
                    on: connection)
                return page
            }
            return try ListPage(page.items.map(reader.view), next: page.next).response(from: request, context: context)
        }
        router.get("/v1/dispatch-notes/{id}") { _, context in
            try JSONResponse(try await read(context: context, environment: environment)).response()
        }
        router.get("/v1/access-log") { request, context in
            _ = try context.require(anyOf: accessLogReaders)
            let limit = request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100
            guard (1...1000).contains(limit) else {
                throw Problem.validation("limit is 1 to 1000", errors: [.init(field: "limit", message: "must be between 1 and 1000")])
            }
            let reads = try await environment.pool.withConnection { try await AccessLogStore.latest(limit, on: $0) }
            return try JSONResponse(reads).response()
        }
        router.get("/v1/stocking-plan") { _, context in
            _ = try context.require(anyOf: Set(Role.allCases).subtracting([.carrier, .gatekeeper]))
            let notes = try await environment.pool.withConnection { try await DispatchNoteStore.openNotes(on: $0) }
            let plan = notes.map { note in
                PlanEntry(
                    dispatchNoteId: note.id, orderId: note.orderId, customerName: note.customerName, expectedShipDate: note.shipBy,
                    status: note.status.rawValue, lines: note.ordered.sortedLines.map { PlanEntry.Line(sku: $0.sku, quantity: $0.quantity) }
                )
            }
            return try JSONResponse(plan).response()
        }
    }
}
