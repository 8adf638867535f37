import Foundation
import O2CContracts
import Testing

/// DOMAIN.md "Invoices, receipts and the customer's account": the amount a customer must pay now,
/// 原欠款 + 代垫运费 + 手续费/优惠 + 市场支持费用 + 本次货款 = 本次应打货款, as finance-collections' payment
/// notice itemises it (CONTRACT.md `GET /v1/orders/{id}/payment-notice`), on the four services as processes.
@Suite("Payment notice (DOMAIN.md Invoices, receipts and the customer's account; services as processes)", .serialized)
struct PaymentNoticeTests {
    func notice(_ world: OrderToCashWorld, _ orderId: String) async throws -> (lines: [String: String], total: String?, payable: String?) {
        let notice = try await world.call("GET", world.finance, "/v1/orders/\(orderId)/payment-notice", as: .customerService)
        let lines = (notice["lines"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
            $0[$1["item"] as? String ?? "?"] = $1["amount"] as? String
        }
        return (lines, notice["total"] as? String, notice["payableNow"] as? String)
    }

    @Test("a customer with a previous balance, advanced freight and a credit: each line, the total, and the ledger identity")
    func itemised() async throws {
        try await OrderToCashWorld.run { world in
            let customer = try await world.customer(grade: "B", ratio: "0.30", name: "Notice Pumps")
            // Order A: 10 × 1200.00, deposit 3600.00 paid, shipped (freight 50.00 advanced), delivered: its
            // balance of 8400.00 and the freight are open.
            let first = try await world.placeOrder(customer)
            try await world.payDeposit(customer, first)
            try await world.ship(first)
            try await world.deliver(first)
            let balance = try await world.invoice(first, kind: "balance")
            let freight = try await world.invoice(first, kind: "freight")
            #expect(balance["amount"] as? String == "8400.00" && freight["amount"] as? String == "50.00")
            // Order B, signed now: its deposit of 3600.00 is this order's goods.
            let second = try await world.placeOrder(customer)
            _ = try await world.invoice(second, kind: "deposit")

            var b = try await notice(world, second)
            #expect(
                b.lines == [
                    "previous_balance": "8450.00", "freight_advanced": "0.00", "fees": "0.00", "discounts": "0.00",
                    "market_support": "0.00", "goods": "3600.00",
                ])
            #expect(b.total == "12050.00" && b.payable == "12050.00")
            var a = try await notice(world, first)
            #expect(a.lines["previous_balance"] == "3600.00" && a.lines["freight_advanced"] == "50.00" && a.lines["goods"] == "8400.00")

            // 250.00 received, 50.00 of it for A's freight: the rest is the customer's credit.
            let freightId = try #require(freight["id"] as? String)
            _ = try await world.call(
                "POST", world.finance, "/v1/receipts", as: .finance,
                #"{"customerId":"\#(customer)","amount":"250.00","method":"bank","reference":"NOTICE-1","allocations":[{"invoiceId":"\#(freightId)","amount":"50.00"}]}"#
            )
            b = try await notice(world, second)
            #expect(b.lines["previous_balance"] == "8200.00", "8400.00 owed on A, less 200.00 credit")
            #expect(b.lines["goods"] == "3600.00" && b.total == "11800.00")
            a = try await notice(world, first)
            #expect(a.lines["previous_balance"] == "3400.00" && a.lines["freight_advanced"] == "0.00" && a.total == "11800.00")
            try await world.expectLedgerBalances(customer)

            let (_, missing) = try await world.send("GET", world.finance, "/v1/orders/no-such-order/payment-notice", as: .finance)
            #expect(missing == 404)
            let (_, refused) = try await world.send("GET", world.finance, "/v1/orders/\(second)/payment-notice", as: .warehouseKeeper)
            #expect(refused == 403)
        }
    }
}
