import O2CContracts

/// What a customer's written change request asks (DOMAIN.md "Order amendments", 更改合同条款).
/// Raw values are the `kind` of CONTRACT.md `POST /v1/orders/{id}/amendments`; `cancel` is
/// `POST /v1/orders/{id}/cancel`.
package enum AmendmentKind: String, CaseIterable, Codable, Sendable, Hashable {
    case buyerName = "buyer_name"
    case lineItem = "line_item"
    case price
    case paymentMethod = "payment_method"
    case cancel

    /// Who must approve the change: sales_manager, plus general_manager for a price change or a
    /// cancellation. A new price is also subject to the price authority; merge its roles in.
    package var approvalRoles: [Role] {
        switch self {
        case .buyerName, .lineItem, .paymentMethod: [.salesManager]
        case .price, .cancel: [.salesManager, .generalManager]
        }
    }

    /// The approvals a change request needs, or `invalid_state` once the order has been
    /// dispatched: after dispatch only returns apply.
    package func requiredApprovals(orderDispatched: Bool) throws(RuleViolation) -> [Role] {
        guard !orderDispatched else {
            throw .invalidState("the order has been dispatched; a \(rawValue) change is no longer possible, only a return")
        }
        return approvalRoles
    }
}
