import Foundation
import O2CContracts

/// A line of a pick or a discrepancy approval as the requests carry it.
struct PickLine: Codable, Sendable {
    var sku: String
    /// 0 (nothing of it picked) to 1,000,000,000, refused at decoding otherwise.
    var quantity: Int

    init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }

    private enum CodingKeys: String, CodingKey { case sku, quantity }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sku = try container.decode(String.self, forKey: .sku)
        quantity = try container.decode(Int.self, forKey: .quantity, in: Quantity.nonNegative)
    }

    /// Field errors of a list of lines, named `lines[i].field`.
    static func problems(_ lines: [PickLine]) -> [RuleViolation.FieldError] {
        if lines.isEmpty { return [.init(field: "lines", message: "must not be empty")] }
        return lines.enumerated().flatMap { index, line -> [RuleViolation.FieldError] in
            var errors: [RuleViolation.FieldError] = []
            if line.sku.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(.init(field: "lines[\(index)].sku", message: "must not be empty"))
            }
            if line.quantity < 0 { errors.append(.init(field: "lines[\(index)].quantity", message: "must not be negative")) }
            return errors
        }
    }

    /// The lines merged per sku; lines of one sku that add up past 1,000,000,000 are refused.
    static func list(_ lines: [PickLine]) throws(RuleViolation) -> PickList { try PickList(lines.map { ($0.sku, $0.quantity) }) }
}
