import O2CContracts
import O2CRuntime

/// The finance-collections service (DOMAIN.md "Invoices, receipts and the customer's account"): deposit,
/// balance and freight invoices from the saga's requests and the warehouse's dispatches; receipts and their
/// allocation (cash on delivery included); credit balances; deposit refunds after cancellation; credit
/// notes for returns and freight refunds; deposit re-pricing after amendments; accounts, statements (and
/// their confirmation), aging, overdue detection and dunning.
package enum FinanceCollectionsService {
    package static let definition = ServiceDefinition(
        name: .financeCollections,
        migrations: FinanceMigrations.all + FinanceMigrations.lists + FinanceMigrations.worklist + FinanceMigrations.reports,
        handlers: FinanceHandlers.all,
        routes: { router, environment in
            ReceiptRoutes.add(to: router, environment: environment)
            AccountRoutes.add(to: router, environment: environment)
            StatementRoutes.add(to: router, environment: environment)
            StatementConfirmationRoutes.add(to: router, environment: environment)
            PaymentNoticeRoutes.add(to: router, environment: environment)
            RefundRoutes.add(to: router, environment: environment)
            DunningRoutes.add(to: router, environment: environment)
            FreightRefundRoutes.add(to: router, environment: environment)
            DocumentRoutes.add(to: router, environment: environment)
            RuleSettingsRoutes.add(
                FinanceSettings.self, readers: FinanceSettings.readers, historyReaders: FinanceSettings.historyReaders, to: router,
                environment: environment)
            WorklistRoutes.add(to: router, environment: environment)
            ReportRoutes.add(to: router, environment: environment)
        },
        services: { environment in [OverdueNotifier(environment: environment)] },
        openAPI: OpenAPIDocument.text)
}
