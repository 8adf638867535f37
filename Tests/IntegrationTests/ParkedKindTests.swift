import Foundation
import O2CAMQP
import O2CContracts
import O2CMessaging
import Testing

/// Issue 12, "one error model": the consumer tells a poison message (one that can never be read) from a
/// business refusal of a readable one; both are parked at once with their reason, and the parked copy says
/// which (`x-o2c-parked-kind`), so an operator knows whether fixing the data and replaying can help.
@Suite("Parked messages say whether they were poison or refused (real servers, the service as a process)")
struct ParkedKindTests {
    static func header(_ name: String, _ delivery: AMQPDelivery) -> String {
        if case .string(let value)? = delivery.headers[name] { return value }
        return ""
    }

    @Test("a body that does not decode is parked as poison; a deposit request with an unpaid-deposit window of 400 days as refused")
    func poisonAndRefusal() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let tooLong = DepositInvoiceRequested(
                orderId: "o-long", customerId: "c-1", total: Money("1000.00")!, depositRatioBasisPoints: 3000, unpaidDepositDays: 400)
            try await harness.publish(tooLong, correlationID: "o-long")
            try await harness.publish(
                AMQPOutgoingMessage(
                    exchange: "o2c.events", routingKey: DepositInvoiceRequested.routingKey, body: Array(#"{"orderId": 42}"#.utf8),
                    messageID: "bad-body-1", correlationID: "o-bad", type: DepositInvoiceRequested.routingKey, timestamp: Date(),
                    headers: [MessageHeaders.producer: .string("orders")]),
                as: "orders")
            let parked = try await harness.takeParked(from: "finance-collections", count: 2)
            #expect(parked.count == 2)
            let poison = parked.first { $0.messageID == "bad-body-1" }
            let refused = parked.first { $0.messageID != "bad-body-1" }
            #expect(Self.header(MessageHeaders.parkedKind, try #require(poison)) == "poison")
            #expect(Self.header(MessageHeaders.parkedReason, try #require(poison)).hasPrefix("undecodable message:"))
            #expect(Self.header(MessageHeaders.parkedKind, try #require(refused)) == "refused")
            #expect(
                Self.header(MessageHeaders.parkedReason, try #require(refused)).hasPrefix("refused: validation_failed at unpaidDepositDays")
            )
            #expect(process.isRunning)
        }
    }
}
