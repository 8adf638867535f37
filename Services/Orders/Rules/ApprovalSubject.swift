import Foundation

/// What an approval decision is about, as `approval_decisions.subject_kind` names it.
enum ApprovalSubject: String, Sendable, Hashable {
    case quote, contract, order
    case orderRequest = "order_request"

    /// How separation of duties names the document ("order request r-…").
    func document(_ id: String) -> String {
        "\(rawValue.replacingOccurrences(of: "_", with: " ")) \(id)"
    }
}
