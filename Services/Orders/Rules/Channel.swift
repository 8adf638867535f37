/// A customer's sales channel (DOMAIN.md "Prices and approvals"): which price tier a quote is
/// measured against. The raw values are the wire names of CONTRACT.md `POST /v1/customers`.
package enum Channel: String, CaseIterable, Codable, Sendable, Hashable {
    /// An end user (最终用户): measured against the market quote price.
    case endUser = "end_user"
    /// A dealer (经销商): measured against the lowest dealer price.
    case dealer
}
