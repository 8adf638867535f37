import Foundation
import O2CContracts
import O2CForms
import O2CPostgres
import O2CRuntime
import O2CSaga

/// The orders service's rules as data (CONTRACT.md "Changes to an order, payments, rules as data";
/// DOMAIN.md "Prices and approvals", "The order-to-cash flow" deadlines). Read when a decision is made:
/// the price authority's threshold when a quote, contract, order or change request is assessed, the
/// deadlines and the calendar when a contract is signed (the saga keeps them for the order's life).
struct OrdersSettings: RuleSettings {
    /// A total at or above this needs general_manager as well (重大比价或投标需向公司领导请示).
    var majorDealThreshold = PriceAuthority.defaultMajorDealThreshold
    var customerConfirmationHours = 4
    var paymentNoticeDays = 1
    var shipWithinWorkingDays = 2
    var shipmentNoticeWorkingDays = 2
    var waybillWorkingDays = 1
    var unpaidDepositDays = DepositWindow.defaultDays
    /// The name at the head of the printed quotes and contracts.
    var companyName = CompanyName.default

    /// The ranges each value must fall in.
    static var bounds: [(key: String, range: ClosedRange<Int>, value: KeyPath<OrdersSettings, Int>)] {
        [
            ("customerConfirmationHours", 1...168, \.customerConfirmationHours),
            ("paymentNoticeDays", 1...30, \.paymentNoticeDays),
            ("shipWithinWorkingDays", 1...30, \.shipWithinWorkingDays),
            ("shipmentNoticeWorkingDays", 1...30, \.shipmentNoticeWorkingDays),
            ("waybillWorkingDays", 1...30, \.waybillWorkingDays),
            ("unpaidDepositDays", 1...90, \.unpaidDepositDays),
        ]
    }

    func fieldErrors() -> [Problem.FieldError] {
        var errors = Self.bounds.compactMap { bound -> Problem.FieldError? in
            let value = self[keyPath: bound.value]
            guard !bound.range.contains(value) else { return nil }
            return .init(
                field: bound.key,
                message: "must be a whole number from \(bound.range.lowerBound) to \(bound.range.upperBound), got \(value)")
        }
        if let problem = CompanyName.problem(companyName) { errors.append(.init(field: "companyName", message: problem)) }
        if majorDealThreshold <= .zero {
            errors.insert(.init(field: "majorDealThreshold", message: "must be greater than 0.00, got \(majorDealThreshold)"), at: 0)
        }
        return errors
    }

    /// The price authority with this threshold.
    var priceAuthority: PriceAuthority {
        get throws(RuleViolation) { try PriceAuthority(majorDealThreshold: majorDealThreshold) }
    }

    /// What a saga started now keeps for its order's life.
    func sagaSettings(calendar: BusinessCalendar) -> OrderToCashSaga.Settings {
        OrderToCashSaga.Settings(
            depositDays: unpaidDepositDays, shipWithinWorkingDays: shipWithinWorkingDays, calendar: calendar,
            customerConfirmationHours: customerConfirmationHours, shipmentNoticeWorkingDays: shipmentNoticeWorkingDays,
            paymentNoticeDays: paymentNoticeDays, waybillWorkingDays: waybillWorkingDays)
    }

    /// The settings in force, in the caller's transaction.
    static func current(on connection: PostgresConnection) async throws -> OrdersSettings {
        try await RuleSettingsStore<OrdersSettings>().current(on: connection)
    }
}
