import Foundation
import O2CContracts

/// Outstanding receivables by aging bucket, in total and per customer, as of an instant
/// (DOMAIN.md "Invoices, receipts and the customer's account"; CONTRACT.md `GET /v1/receivables/aging`).
///
/// Counts every open invoice (not credit notes) with something outstanding, by its outstanding amount,
/// in the bucket of its days past due (calendar days in the business calendar's time zone).
package struct AgingReport: Equatable, Sendable, Codable {
    /// Amounts per bucket; every bucket is present, zero when empty.
    package struct Amounts: Equatable, Sendable, Codable {
        package private(set) var buckets: [AgingBucket: Money]
        package private(set) var total: Money

        package init() {
            buckets = Dictionary(uniqueKeysWithValues: AgingBucket.allCases.map { ($0, Money.zero) })
            total = .zero
        }

        package subscript(bucket: AgingBucket) -> Money { buckets[bucket] ?? .zero }

        mutating func add(_ amount: Money, to bucket: AgingBucket) throws(MoneyError) {
            buckets[bucket] = try self[bucket] + amount
            total = try total + amount
        }
    }

    package struct CustomerAging: Equatable, Sendable, Codable {
        package var customerId: String
        package var amounts: Amounts
    }

    /// The day aged against.
    package var asOf: CalendarDate
    package var totals: Amounts
    /// One row per customer with something outstanding, by customer id.
    package var customers: [CustomerAging]

    /// Totals beyond the bounds (receivables past 999,999,999,999.99 in one bucket) throw.
    package init(invoices: [Invoice], asOf: Date, calendar: BusinessCalendar) throws(MoneyError) {
        self.asOf = calendar.day(of: asOf)
        var totals = Amounts()
        var perCustomer: [String: Amounts] = [:]
        for invoice in invoices where invoice.isReceivable {
            let bucket = AgingBucket(daysPastDue: invoice.daysPastDue(asOf: asOf, calendar: calendar))
            try totals.add(invoice.outstanding, to: bucket)
            try perCustomer[invoice.customerId, default: Amounts()].add(invoice.outstanding, to: bucket)
        }
        self.totals = totals
        self.customers = perCustomer.sorted { $0.key < $1.key }.map { CustomerAging(customerId: $0.key, amounts: $0.value) }
    }

    /// The row of one customer (all zero when nothing of theirs is outstanding).
    package func amounts(for customerId: String) -> Amounts {
        customers.first { $0.customerId == customerId }?.amounts ?? Amounts()
    }
}
