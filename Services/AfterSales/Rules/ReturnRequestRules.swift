import Foundation
import O2CContracts
import O2CSaga

/// What may be returned (DOMAIN.md "After-sales and returns"; "Order amendments": after dispatch, only
/// returns apply): lines of a delivered order, each a whole quantity above zero and at most what was
/// delivered less what is already being returned or was returned (returns not rejected count), one
/// line per sku, kind `return` or `exchange`. Pure: no I/O.
struct ReturnRequestRules {
    /// One line of the order as delivered, with what earlier returns (not rejected) already claim.
    struct DeliveredLine: Sendable, Equatable {
        var sku: String
        var delivered: Int
        var alreadyReturned: Int
        var unitPrice: Money
    }

    struct RequestedLine: Sendable, Equatable {
        var sku: String
        var quantity: Int
    }

    /// The order as after-sales knows it; `delivered` false until the delivery is confirmed.
    var orderKnown: Bool
    var delivered: Bool
    var lines: [DeliveredLine]

    /// The priced lines of the return, or why it is refused.
    func validate(
        kind: String, lines requested: [RequestedLine], reason: String
    ) throws(RuleViolation)
        -> (ReturnSaga.Kind, [ReturnLine])
    {
        var errors: [RuleViolation.FieldError] = []
        let kind = ReturnSaga.Kind(rawValue: kind)
        if kind == nil { errors.append(.init(field: "kind", message: "must be return or exchange")) }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(.init(field: "reason", message: "must not be empty"))
        }
        if requested.isEmpty { errors.append(.init(field: "lines", message: "must name at least one line")) }
        guard orderKnown else {
            throw RuleViolation(
                code: .validationFailed, detail: "no such order", fieldErrors: [.init(field: "orderId", message: "unknown order")])
        }
        guard delivered else {
            throw RuleViolation.invalidState("the order has not been delivered; returns apply only to delivered goods")
        }
        var priced: [ReturnLine] = []
        var seen: Set<String> = []
        for (index, line) in requested.enumerated() {
            let field = "lines[\(index)]"
            guard seen.insert(line.sku).inserted else {
                errors.append(.init(field: "\(field).sku", message: "\(line.sku) appears more than once"))
                continue
            }
            guard let sold = lines.first(where: { $0.sku == line.sku }), sold.delivered > 0 else {
                errors.append(.init(field: "\(field).sku", message: "\(line.sku) was not delivered on this order"))
                continue
            }
            let returnable = max(0, sold.delivered - sold.alreadyReturned)
            if line.quantity <= 0 {
                errors.append(.init(field: "\(field).quantity", message: "must be greater than 0"))
            } else if line.quantity > returnable {
                errors.append(
                    .init(
                        field: "\(field).quantity",
                        message:
                            "at most \(returnable) may be returned (delivered \(sold.delivered), already returned \(sold.alreadyReturned))")
                )
            } else {
                priced.append(ReturnLine(sku: line.sku, quantity: line.quantity, unitPrice: sold.unitPrice))
            }
        }
        guard errors.isEmpty, let kind else {
            throw RuleViolation(code: .validationFailed, detail: "invalid return request", fieldErrors: errors)
        }
        return (kind, priced)
    }

    /// Who may ask for a return: the salesperson reports it, or customer service takes it.
    static let requesters: [Role] = [.salesperson, .customerService]
}
