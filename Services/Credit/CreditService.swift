import O2CContracts
import O2CRuntime

/// The credit service (DOMAIN.md "Credit"): credit profiles and their history, reservations per
/// order decided by the rules in `Rules/`, exposure, holds for overdue invoices, and overrides.
package enum CreditService {
    package static let definition = ServiceDefinition(
        name: .credit,
        migrations: CreditMigrations.all + CreditMigrations.lists + CreditMigrations.worklist,
        handlers: CreditHandlers.all,
        routes: { router, environment in
            CreditProfileRoutes.add(to: router, environment: environment)
            CreditOverrideRoutes.add(to: router, environment: environment)
            WorklistRoutes.add(to: router, environment: environment)
            RuleSettingsRoutes.add(
                CreditSettings.self, readers: CreditProfileRoutes.readers, historyReaders: CreditProfileRoutes.historyReaders,
                to: router, environment: environment)
        },
        openAPI: OpenAPIDocument.text)
}
