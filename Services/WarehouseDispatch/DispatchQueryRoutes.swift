import HTTPTypes
import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Reading notes, and the production stocking plan (备货计划), which shows only the customer's name and
/// the expected ship date, never an address or phone (DOMAIN.md "Dispatch" 8, "Confidentiality").
enum DispatchQueryRoutes {
    /// Who works on dispatch notes and so may see their delivery address.
    static let noteReaders: Set<Role> = [
        .warehouseKeeper, .salesAdmin, .salesManager, .salesDirector, .generalManager, .customerService, .finance,
        .carrier, .auditor,
    ]

    struct PlanEntry: Codable, Sendable {
        struct Line: Codable, Sendable { var sku: String; var quantity: Int }
        var dispatchNoteId: String
        var orderId: String
        var customerName: String
        var expectedShipDate: Date
        var status: String
        var lines: [Line]
    }

    static func add(to router: Router<O2CRequestContext>, _ environment: ServiceEnvironment) {
        router.get("/v1/dispatch-notes") { request, context in
            _ = try context.require(anyOf: noteReaders)
            let orderId = request.uri.queryParameters.get("orderId")
            let notes = try await environment.pool.withConnection { try await DispatchNoteStore.list(orderId: orderId, on: $0) }
            return try JSONResponse(notes.map(DispatchNoteView.init)).response()
        }
        router.get("/v1/dispatch-notes/{id}") { _, context in
            _ = try context.require(anyOf: noteReaders)
            let id = try context.parameters.require("id")
            guard let note = try await environment.pool.withConnection({ try await DispatchNoteStore.find(id: id, on: $0) })
            else { throw Problem.notFound("no dispatch note \(id)") }
            return try JSONResponse(DispatchNoteView(note)).response()
        }
        router.get("/v1/stocking-plan") { _, context in
            _ = try context.require(anyOf: Set(Role.allCases).subtracting([.carrier, .gatekeeper]))
            let notes = try await environment.pool.withConnection { try await DispatchNoteStore.openNotes(on: $0) }
            let plan = notes.map { note in
                PlanEntry(
                    dispatchNoteId: note.id, orderId: note.orderId, customerName: note.customerName, expectedShipDate: note.shipBy,
                    status: note.status.rawValue, lines: note.ordered.sortedLines.map { PlanEntry.Line(sku: $0.sku, quantity: $0.quantity) })
            }
            return try JSONResponse(plan).response()
        }
    }
}
