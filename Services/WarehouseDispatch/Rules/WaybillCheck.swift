import Foundation
import O2CContracts

/// The waybill (托运单) as DOMAIN.md "Dispatch" 6 lists it, and its checks: every field present, a
/// positive quantity, and total freight exactly quantity × freight unit price.
struct WaybillCheck: Sendable {
    enum PricingUnit: String, Sendable, Codable { case piece, ton, m3 }

    var quantity: Int
    var unitFreight: Money
    var totalFreight: Money
    var texts: [(field: String, value: String)]

    /// Every problem with the waybill, each naming its field (e.g. `waybill.totalFreight`).
    func problems() -> [DispatchRuleError] {
        var problems: [DispatchRuleError] = texts.filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { .invalid($0.field, "must not be empty") }
        if quantity <= 0 { problems.append(.invalid("waybill.quantity", "must be at least 1")) }
        if unitFreight < .zero { problems.append(.invalid("waybill.unitFreight", "must not be negative")) }
        let expected = unitFreight.times(quantity)
        if quantity > 0, totalFreight != expected {
            problems.append(.invalid(
                "waybill.totalFreight", "must be quantity × unitFreight = \(expected), got \(totalFreight)"))
        }
        return problems
    }
}
