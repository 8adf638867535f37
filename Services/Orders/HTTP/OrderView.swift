import Foundation
import O2CContracts
import O2CMessaging
import O2CSaga

/// `GET /v1/orders/{id}`: the order and where its saga is. The goods-only roles (`OrderRoutes.goodsOnlyReaders`)
/// see it without prices, customer or contract.
struct OrderView: Encodable {
    struct Saga: Encodable {
        var state: String
        var steps: [SagaStep]
        var awaiting: [String]
        var nextDeadline: Date?
    }
    struct Line: Encodable {
        var sku: String
        var quantity: Int
        var unitPrice: Money?
    }
    var id: String
    var status: OrderStatus
    var customerId: String?
    var buyerName: String?
    var total: Money?
    var lines: [Line]
    var source: OrderSource
    var contractId: String?
    var paymentMethod: String?
    /// The customer's owner and region when the order was signed (absent in the goods-only view).
    var owner: String?
    var region: String?
    var createdAt: Date?
    var saga: Saga?

    /// The order with its saga (nil before it started); without `full`, only its goods.
    init(_ order: OrderRecord, saga: SagaQueries.View?, full: Bool) {
        id = order.id
        status = order.status
        customerId = full ? order.customerId : nil
        buyerName = full ? order.buyerName : nil
        total = full ? order.total : nil
        lines = order.lines.map { Line(sku: $0.sku, quantity: $0.quantity, unitPrice: full ? $0.unitPrice : nil) }
        source = order.source
        contractId = full ? order.contractId : nil
        paymentMethod = order.paymentMethod
        owner = full ? order.owner : nil
        region = full ? order.region : nil
        createdAt = order.createdAt
        self.saga = saga.map { Saga(state: $0.state, steps: $0.steps, awaiting: $0.awaiting, nextDeadline: $0.nextDeadline) }
    }
}
