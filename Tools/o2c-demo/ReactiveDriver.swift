import Foundation
import O2CContracts

/// One order from quote to `completed`, like `OrderDriver`, but taking each next step when the event that
/// allows it arrives on `o2c.events` (through `EventFeed`) instead of asking the services: nothing is
/// polled. Up to signing the steps are plain HTTP calls; from there:
///
/// | event                                              | next step (HTTP)                                          |
/// |----------------------------------------------------|-----------------------------------------------------------|
/// | (signed)                                           | customer confirmation                                     |
/// | `finance.invoice_issued.v1` kind `deposit`         | receipt for it (allocated to that invoice)                |
/// | `warehouse.dispatch_note_issued.v1`                | pick, hand-over, gate pass, release, delivery             |
/// | `orders.balance_invoice_requested.v1`              | shipment notice (orders knows the goods left)             |
/// | `finance.invoice_issued.v1` kind `balance`/`freight` | receipt for it                                          |
/// | `orders.order_completed.v1`                        | done                                                      |
///
/// `orders.order_cancelled.v1` or `credit.credit_refused.v1` end the order as failed; no event for
/// `timeout` ends it as failed, naming the event awaited. Marks: `signed`, `depositInvoiced`,
/// `depositPaid`, `dispatchNote`, `released`, `balanceInvoiced`, `lastReceipt` (the balance receipt
/// answered: the one completion waits for), `completed`.
struct ReactiveDriver: Sendable {
    let client: DemoClient
    let feed: EventFeed
    let timeout: Duration
    let clock = ContinuousClock()

    func run(index: Int, customer: DemoSeeder.Customer, products: [DemoSeeder.Product]) async -> OrderDriver.Result {
        var marks: [String: ContinuousClock.Instant] = [:]
        var orderId: String?
        do {
            let outcome = try await drive(index: index, customer: customer, products: products, marks: &marks, orderId: &orderId)
            if let orderId { await feed.finish(orderId) }
            return OrderDriver.Result(outcome: outcome, marks: marks, delivered: nil)
        } catch {
            if let orderId { await feed.finish(orderId) }
            let which = orderId.map { " \($0)" } ?? ""
            return OrderDriver.Result(outcome: .failed("order #\(index)\(which) (grade \(customer.grade)): \(error)"), marks: marks)
        }
    }

    private func drive(
        index: Int, customer: DemoSeeder.Customer, products: [DemoSeeder.Product], marks: inout [String: ContinuousClock.Instant],
        orderId signedOrder: inout String?
    ) async throws -> OrderDriver.Outcome {
        let product = products[index % products.count]
        let quantity = 5 + index % 7
        let address = "\(index + 1) Foundry Rd, Wuxi"
        let steps = OrderDriver(client: client, timeout: timeout)
        let orderId = try await steps.sign(index: index, customer: customer, product: product, quantity: quantity, address: address)
        signedOrder = orderId
        marks["signed"] = clock.now
        _ = try await client.call(
            "POST", .orders, "/v1/orders/\(orderId)/customer-confirmation", as: .customerService,
            ["contact": "Li \(index)", "note": "order confirmed by phone"])

        var paid: Set<String> = []
        var shipped: Set<String> = []
        var told = false
        var awaiting = "the deposit invoice (finance.invoice_issued.v1, kind deposit)"
        while true {
            guard let event = await feed.next(orderId, timeout: timeout) else {
                throw DemoClient.Failure("no event for \(DemoSummary.seconds(timeout)) s while awaiting \(awaiting)")
            }
            switch event.routingKey {
            case "finance.invoice_issued.v1":
                guard let invoiceId = event["invoiceId"], let amount = event["amount"], let kind = event["kind"] else { continue }
                guard paid.insert(invoiceId).inserted, ["deposit", "balance", "freight"].contains(kind) else { continue }
                if kind == "deposit" { marks["depositInvoiced"] = event.receivedAt }
                if kind == "balance" { marks["balanceInvoiced"] = event.receivedAt }
                try await pay(customer, invoiceId: invoiceId, amount: amount, reference: "\(kind.uppercased())-\(invoiceId)")
                if kind == "deposit" {
                    marks["depositPaid"] = clock.now
                    awaiting = "the dispatch note (warehouse.dispatch_note_issued.v1)"
                }
                if kind == "balance" {
                    marks["lastReceipt"] = clock.now
                    awaiting = "the order's completion (orders.order_completed.v1)"
                }
            case "warehouse.dispatch_note_issued.v1":
                guard let noteId = event["dispatchNoteId"], shipped.insert(noteId).inserted else { continue }
                marks["dispatchNote"] = event.receivedAt
                try await steps.ship(noteId: noteId, index: index, product: product, quantity: quantity, address: address) {
                    marks["released"] = clock.now
                }
                awaiting = "the balance invoice request (orders.balance_invoice_requested.v1)"
            case "orders.balance_invoice_requested.v1":
                guard !told else { continue }
                told = true
                _ = try await client.call(
                    "POST", .orders, "/v1/orders/\(orderId)/shipment-notice", as: .customerService,
                    ["contact": "Li \(index)", "note": "\(quantity) × \(product.sku) left with Swift Freight"])
                awaiting = "the balance invoice (finance.invoice_issued.v1, kind balance)"
            case "orders.order_completed.v1":
                marks["completed"] = event.receivedAt
                return .completed
            case "orders.order_cancelled.v1":
                throw DemoClient.Failure("cancelled: \(event["reason"] ?? "?")")
            case "credit.credit_refused.v1":
                throw DemoClient.Failure("credit refused: \(event["code"] ?? "?") \(event["reason"] ?? "")")
            default:
                continue
            }
        }
    }

    private func pay(_ customer: DemoSeeder.Customer, invoiceId: String, amount: String, reference: String) async throws {
        _ = try await client.call(
            "POST", .finance, "/v1/receipts", as: .finance,
            [
                "customerId": customer.id, "amount": amount, "method": "bank", "reference": reference,
                "allocations": [["invoiceId": invoiceId, "amount": amount]],
            ])
    }
}
