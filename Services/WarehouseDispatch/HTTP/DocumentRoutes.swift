import Hummingbird
import O2CContracts
import O2CForms
import O2CPostgres
import O2CRuntime

/// The printed forms of dispatch notes (with their waybill) and gate passes (CONTRACT.md "The department's daily
/// work", Documents): `GET /v1/dispatch-notes/{id}/document` and `GET /v1/gate-passes/{id}/document`, A4 HTML
/// pages read with the same roles and the same read as the JSON (`DispatchQueryRoutes.read`, `GatePassRoutes.read`):
/// a carrier prints only the notes handed to it.
enum DocumentRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/dispatch-notes/{id}/document") { _, context in
            let note = try await DispatchQueryRoutes.read(context: context, environment: environment)
            return try HTMLPage(
                try await environment.pool.withConnection { connection in
                    let waybill = try await WaybillStore.signed(noteId: note.id, on: connection)
                    let settings = try await WarehouseSettings.current(on: connection)
                    let pickedBy = try await DispatchNoteStore.pickedBy(noteId: note.id, on: connection)
                    return try DispatchNoteDocument.make(note, waybill: waybill, pickedBy: pickedBy, companyName: settings.companyName)
                })
        }
        router.get("/v1/gate-passes/{id}/document") { _, context in
            let pass = try await GatePassRoutes.read(context: context, environment: environment)
            let settings = try await environment.pool.withConnection { try await WarehouseSettings.current(on: $0) }
            return try HTMLPage(GatePassDocument.make(pass, companyName: settings.companyName))
        }
    }
}
