import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `POST /v1/dispatch-notes/{id}/return-receipt` (CONTRACT.md after-sales, warehouse side): the warehouse
/// keeper's count of the goods on a reversing note (DOMAIN.md "After-sales and returns", 库管 return intake).
/// Answers with the note: `received` when the count is the note, `discrepancy` when it is not.
enum ReturnReceiptRoutes {
    struct Receipt: Codable { var lines: [PickLine] }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/dispatch-notes/{id}/return-receipt") { request, context in
            let actor = try context.actor(as: .warehouseKeeper)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Receipt.self, context: context)
            let errors = PickLine.problems(body.lines)
            guard errors.isEmpty else { throw RuleViolation.validation(errors) }
            let now = environment.clock.now()
            let note = try await environment.pool.transaction { connection in
                try await StockStore.lock(on: connection)
                let note = try await DispatchNoteStore.lock(id: id, on: connection)
                try await ReturnReceiptStore.count(
                    body.lines.map { ($0.sku, $0.quantity) }, note: note, by: actor, at: now, outbox: environment.outbox, on: connection)
                return try await DispatchNoteStore.require(id: id, on: connection)
            }
            return try JSONResponse(DispatchNoteView(note)).response()
        }
    }
}
