import Foundation
import O2CContracts
import O2CMessaging

/// Keeps the projection of returnable orders and opens the quality tracking cards of delivered lines.
/// Runs in the inbox transaction; a fact twice or out of order leaves the same rows.
enum ReturnableOrderHandlers {
    static var all: [MessageHandler] {
        [
            MessageHandler.on(ContractSigned.self) { event, context in
                let store = ReturnableOrderStore(connection: context.connection)
                try await store.record(
                    orderId: event.orderId, customerId: event.customerId, customerName: event.customerName,
                    address: event.deliveryAddress, lines: event.lines, at: event.signedAt, now: context.now)
                try await openCards(event.orderId, context)
            },
            MessageHandler.on(OrderAmended.self) { event, context in
                let store = ReturnableOrderStore(connection: context.connection)
                try await store.record(
                    orderId: event.orderId, customerId: event.customerId, customerName: nil, address: nil, lines: event.lines,
                    at: event.amendedAt, now: context.now)
                try await openCards(event.orderId, context)
            },
            MessageHandler.on(DeliveryConfirmed.self) { event, context in
                try await ReturnableOrderStore(connection: context.connection).recordDelivery(event, now: context.now)
                try await openCards(event.orderId, context)
            },
        ]
    }

    private static func openCards(_ orderId: String, _ context: MessageContext) async throws {
        guard let order = try await ReturnableOrderStore(connection: context.connection).load(orderId) else { return }
        try await QualityCardStore(connection: context.connection).ensureCards(for: order, now: context.now)
    }
}
