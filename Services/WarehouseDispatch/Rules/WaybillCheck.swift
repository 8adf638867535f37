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
        guard quantity > 0 else { return problems }
        guard let expected = try? unitFreight.times(quantity) else {
            problems.append(
                .init(
                    field: "waybill.unitFreight",
                    message: "unitFreight × quantity (\(unitFreight) × \(quantity)) is beyond the largest amount, 999999999999.99"))
            return problems
        }
        if totalFreight != expected {
            problems.append(
                .init(
                    field: "waybill.totalFreight", message: "must be quantity × unitFreight = \(expected), got \(totalFreight)"))
        }
        return problems
    }
}
