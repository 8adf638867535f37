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
    func problems() -> [RuleViolation.FieldError] {
        var problems: [RuleViolation.FieldError] = texts.filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { .init(field: $0.field, message: "must not be empty") }
        if quantity <= 0 { problems.append(.init(field: "waybill.quantity", message: "must be at least 1")) }
        if unitFreight < .zero { problems.append(.init(field: "waybill.unitFreight", message: "must not be negative")) }
        let expected = unitFreight.times(quantity)
        if quantity > 0, totalFreight != expected {
            problems.append(.init(
                field: "waybill.totalFreight", message: "must be quantity × unitFreight = \(expected), got \(totalFreight)"))
        }
        return problems
    }
}
