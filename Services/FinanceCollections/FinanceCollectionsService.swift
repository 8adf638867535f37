import O2CContracts
import O2CRuntime

/// The finance-collections service (DOMAIN.md "Invoices, receipts and the customer's account"): deposit,
/// balance and freight invoices from the saga's requests and the warehouse's dispatches; receipts and their
/// allocation; credit balances; deposit refunds after cancellation; accounts, statements and aging; and
/// overdue detection.
public enum FinanceCollectionsService {
    public static let definition = ServiceDefinition(
        name: .financeCollections,
        migrations: FinanceMigrations.all,
        handlers: { _ in FinanceHandlers.all() },
        routes: { router, environment in
            ReceiptRoutes.add(to: router, environment: environment)
            AccountRoutes.add(to: router, environment: environment)
        },
        services: { environment in [OverdueNotifier(environment: environment)] },
        openAPI: OpenAPIDocument.text)
}
