import O2CContracts
import O2CForms
import O2CPostgres
import O2CRuntime

/// warehouse-dispatch's rules as data (`GET/PUT /v1/settings`, ARCHITECTURE.md "Rules as data"): the company name
/// at the head of its printed dispatch notes, waybills and gate passes.
struct WarehouseSettings: RuleSettings {
    var companyName = CompanyName.default

    func fieldErrors() -> [Problem.FieldError] {
        CompanyName.problem(companyName).map { [.init(field: "companyName", message: $0)] } ?? []
    }

    /// Who reads the settings: everyone who prints a form here.
    static let readers: Set<Role> = DispatchQueryRoutes.noteReaders.union(GatePassRoutes.passReaders)
    static let historyReaders: Set<Role> = [.generalManager, .salesDirector, .salesManager, .auditor]

    static func current(on connection: PostgresConnection) async throws -> WarehouseSettings {
        try await RuleSettingsStore<WarehouseSettings>().current(on: connection)
    }
}
