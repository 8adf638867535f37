import Foundation
import O2CContracts
import O2CSaga

/// An order row: from a signed contract (in_progress at once) or taken by phone or fax
/// (awaiting_confirmation until sales_manager confirms). The saga host sets completed/cancelled (`OrderStatus`).
struct OrderRecord {
    var id: String
    var customerId: String
    var buyerName: String
    var lines: [OrderLine]
    var total: Money
    var deliveryAddress: String
    var requestedDeliveryDate: String?
    var paymentMethod: String?
    var source: OrderSource
    var contractId: String?
    var status: OrderStatus
    /// For phone/fax orders: the confirmation still needed.
    var approval: ApprovalState?
    /// Who created it (the token `sub`), as stored; set when loaded (separation of duties).
    var createdBy: String? = nil
    /// The customer's owner and region when the order was signed or taken; set when loaded.
    var owner: String? = nil
    var region: String? = nil
    var createdAt: Date? = nil

    /// What the saga is fixed with at signing.
    var facts: OrderToCashSaga.OrderFacts {
        OrderToCashSaga.OrderFacts(
            orderId: id, customerId: customerId, customerName: buyerName, lines: lines, total: total, deliveryAddress: deliveryAddress)
    }
}
