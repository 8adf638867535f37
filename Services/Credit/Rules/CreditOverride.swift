import Foundation
import O2CContracts

/// A sales_director's override (DOMAIN.md "Credit": shipping before payment, 未打款先发货, or over
/// the limit), recorded with who and why. Only a valid override exists: made by a sales_director,
/// with a reason.
package struct CreditOverride: Sendable, Hashable {
    package let userId: String
    package let reason: String
    package let at: Date

    /// - Throws: `forbidden_role` unless `roles` include sales_director; `validation_failed` on
    ///   `reason` when it is blank.
    package init(by userId: String, roles: some Sequence<Role>, reason: String, at: Date) throws(RuleViolation) {
        guard roles.contains(.salesDirector) else {
            throw RuleViolation(
                code: .forbiddenRole, detail: "only a sales_director may override credit; \(userId) is not one")
        }
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw .validation([.init(field: "reason", message: "an override must say why")])
        }
        self.userId = userId
        self.reason = reason
        self.at = at
    }
}
