import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import ServiceLifecycle

/// Finds open invoices past their due date by the service clock and publishes
/// `finance.invoice_overdue.v1` once per invoice (DOMAIN.md "Credit": an overdue invoice puts the
/// customer on hold; "Invoices, receipts and the customer's account": dunning). `overdue_notified_at`
/// is set in the same transaction as the outbox row; `FOR UPDATE SKIP LOCKED` lets instances share the work.
final class OverdueNotifier: Service, Sendable {
    private let environment: ServiceEnvironment
    private let interval: Duration
    private let calendar: BusinessCalendar

    /// `O2C_OVERDUE_INTERVAL_SECONDS` sets the interval (default 5 s).
    init(
        environment: ServiceEnvironment, calendar: BusinessCalendar = FinanceCalendar.business,
        interval: Duration = OverdueNotifier.configuredInterval()
    ) {
        self.environment = environment
        self.calendar = calendar
        self.interval = interval
    }

    static func configuredInterval(_ variables: [String: String] = ProcessInfo.processInfo.environment) -> Duration {
        guard let text = variables["O2C_OVERDUE_INTERVAL_SECONDS"], let seconds = Double(text), seconds > 0, seconds <= 86_400 else {
            return .seconds(5)  // also for "inf", "nan" or more than a day, which `Int(_:)` below could not take
        }
        return .milliseconds(Int(seconds * 1000))
    }

    private static var shouldStop: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    func run() async throws {
        while !Self.shouldStop {
            do {
                while try await tick() > 0 && !Self.shouldStop {}
            } catch {
                environment.logger.warning("overdue detection failed", metadata: ["error": "\(error)"])
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }

    /// Notifies up to 100 newly overdue invoices; returns how many.
    @discardableResult
    func tick() async throws -> Int {
        let now = environment.clock.now()
        let today = calendar.day(of: now)
        return try await environment.pool.transaction { connection in
            let due = try await InvoiceStore.lockUnnotifiedPastDue(before: today, on: connection)
            var notified = 0
            for invoice in due {
                guard invoice.isOverdue(asOf: now, calendar: self.calendar) else { continue }
                notified += 1
                try await InvoiceStore.markOverdueNotified(invoice.id, at: now, on: connection)
                let overdue = InvoiceOverdue(
                    invoiceId: invoice.id, orderId: invoice.orderId, customerId: invoice.customerId,
                    dueDate: invoice.dueDate.description, outstanding: invoice.outstanding)
                try await self.environment.outbox.enqueue(
                    [try FinanceMessages.event(overdue, orderId: invoice.orderId, customerId: invoice.customerId, causationID: nil)],
                    on: connection)
                self.environment.logger.info(
                    "invoice overdue", metadata: ["invoice.id": "\(invoice.id)", "order.id": "\(invoice.orderId ?? "")"])
            }
            return notified
        }
    }
}
