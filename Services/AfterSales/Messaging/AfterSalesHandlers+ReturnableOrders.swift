import Foundation
import O2CContracts
import O2CMessaging

/// Keeps the projection of returnable orders and opens the quality tracking cards of delivered lines.
/// Runs in the inbox transaction; a fact twice or out of order leaves the same rows.
extension AfterSalesHandlers {
    static func contractSigned(_ event: ContractSigned, _ context: MessageContext) async throws {
        try await ReturnableOrderStore.record(
            orderId: event.orderId, customerId: event.customerId, customerName: event.customerName,
            address: event.deliveryAddress, lines: event.lines, at: event.signedAt, now: context.now, on: context.connection)
        try await openCards(event.orderId, context)
    }

    static func orderAmended(_ event: OrderAmended, _ context: MessageContext) async throws {
        try await ReturnableOrderStore.record(
            orderId: event.orderId, customerId: event.customerId, customerName: nil, address: nil, lines: event.lines,
            at: event.amendedAt, now: context.now, on: context.connection)
        try await openCards(event.orderId, context)
    }

    static func deliveryConfirmed(_ event: DeliveryConfirmed, _ context: MessageContext) async throws {
        try await ReturnableOrderStore.recordDelivery(event, now: context.now, on: context.connection)
        try await openCards(event.orderId, context)
    }

    private static func openCards(_ orderId: String, _ context: MessageContext) async throws {
        guard let order = try await ReturnableOrderStore.load(orderId, on: context.connection) else { return }
        try await QualityCardStore.ensureCards(for: order, now: context.now, on: context.connection)
    }
}
