import O2CContracts
import O2CForms
import O2CPostgres
import O2CRuntime

/// after-sales' rules as data (`GET/PUT /v1/settings`, ARCHITECTURE.md "Rules as data"): the company name at the
/// head of its printed return and exchange forms.
struct AfterSalesSettings: RuleSettings {
    var companyName = CompanyName.default

    func fieldErrors() -> [Problem.FieldError] {
        CompanyName.problem(companyName).map { [.init(field: "companyName", message: $0)] } ?? []
    }

    static let historyReaders: Set<Role> = [.generalManager, .salesDirector, .salesManager, .auditor]

    static func current(on connection: PostgresConnection) async throws -> AfterSalesSettings {
        try await RuleSettingsStore<AfterSalesSettings>().current(on: connection)
    }
}
