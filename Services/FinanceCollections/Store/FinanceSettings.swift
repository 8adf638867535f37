import O2CContracts
import O2CForms
import O2CPostgres
import O2CRuntime

/// finance-collections' rules as data (`GET/PUT /v1/settings`, ARCHITECTURE.md "Rules as data"): the company name
/// at the head of its printed invoices, statements and dunning letters.
struct FinanceSettings: RuleSettings {
    var companyName = CompanyName.default

    func fieldErrors() -> [Problem.FieldError] {
        CompanyName.problem(companyName).map { [.init(field: "companyName", message: $0)] } ?? []
    }

    /// Who reads the settings: everyone who prints a form here.
    static let readers: Set<Role> = AccountRoutes.accountReaders
    static let historyReaders: Set<Role> = [.generalManager, .salesDirector, .salesManager, .auditor]

    static func current(on connection: PostgresConnection) async throws -> FinanceSettings {
        try await RuleSettingsStore<FinanceSettings>().current(on: connection)
    }
}
