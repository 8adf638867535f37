/// Separation of duties (权力制衡; CONTRACT.md "Changes to an order, payments, rules as data"): the
/// author of a document cannot decide on it, and one person decides on one document in one role only.
/// Shared by every service that takes approvals (quotes, contracts, phone orders, change requests,
/// returns, freight refunds, credit overrides); both refusals are 403 `separation_of_duties`. Pure.
package enum SeparationOfDuties {
    /// The document decided on, for the refusal's words: `"quote q-1"`.
    package struct Document: Sendable, Hashable {
        package var name: String
        /// Who created it: the token `sub` at creation; several for a document made of others (an
        /// order's credit override: the order's quote, contract and order authors).
        package var authors: Set<String>

        package init(_ name: String, authors: some Sequence<String>) {
            self.name = name
            self.authors = Set(authors)
        }

        package init(_ name: String, author: String) {
            self.init(name, authors: [author])
        }
    }

    /// - Throws: `separation_of_duties` when `person` is one of the document's authors.
    package static func refuseAuthor(_ person: String, deciding verb: String, on document: Document) throws(RuleViolation) {
        guard document.authors.contains(person) else { return }
        throw RuleViolation(
            code: .separationOfDuties,
            detail: "\(person) is the author of \(document.name) and cannot \(verb) it: someone other than its author must decide "
                + "(separation of duties)")
    }

    /// - Throws: `separation_of_duties` when `person` already decided on the document as `earlier`
    ///   and now would decide as `role`.
    package static func refuseSecondRole(
        _ person: String, already earlier: Role, now role: Role, on document: Document
    ) throws(RuleViolation) {
        guard earlier != role else { return }
        throw RuleViolation(
            code: .separationOfDuties,
            detail: "\(person) already decided on \(document.name) as \(earlier.rawValue); its \(role.rawValue) decision must come "
                + "from another person: one person's approval counts for one role only (separation of duties)")
    }
}

extension RuleViolation.Code {
    /// The author of a document deciding on it, or one person deciding in a second role (HTTP 403).
    package static let separationOfDuties = Self(rawValue: "separation_of_duties")
}
