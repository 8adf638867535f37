import Foundation
import O2CContracts
import O2CSaga
import Testing

/// Issue 9: a fact whose amounts leave CONTRACT.md's bounds is refused before the saga takes it (its
/// message is then parked with the reason), never a trap in the deposit computation.
@Suite("Sagas refuse facts whose amounts leave the bounds (CONTRACT.md Faults, limits and identity; DOMAIN.md Credit — deposit)")
struct SagaBoundsTests {
    let monday = Date(timeIntervalSince1970: 1_795_399_200)

    func saga(total: Money) -> OrderToCashSaga {
        let order = OrderToCashSaga.OrderFacts(
            orderId: "o-1", customerId: "c-1", customerName: "Acme", lines: [OrderLine(sku: "FL-100", quantity: 1, unitPrice: total)],
            total: total, deliveryAddress: "1 Foundry Rd")
        return OrderToCashSaga.start(order: order, settings: OrderToCashSaga.Settings(), at: monday).0
    }

    @Test("a 30 % deposit of the largest total is taken; a ratio past 100 % or a total past the bounds is refused naming the field")
    func depositComputation() throws {
        let reserved = OrderToCashSaga.Event.creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false)
        var largest = saga(total: .maximum)
        try largest.check(reserved, at: monday)
        _ = largest.on(reserved, at: monday)
        #expect(largest.depositAmount == Money("300000000000.00"))
        #expect(largest.balanceAmount == Money("699999999999.99"))

        let ratio = OrderToCashSaga.Event.creditReserved(grade: .a, depositRatioBasisPoints: 1_000_000_000, shipBeforePayment: false)
        #expect(throws: Never.self, "taken once: a later credit decision changes nothing") { try largest.check(ratio, at: monday) }
        #expect(
            throws: RuleViolation.validation(
                "depositRatioBasisPoints", "the deposit ratio must be between 0 and 10000 basis points, got 1000000000")
        ) {
            try saga(total: .maximum).check(ratio, at: monday)
        }
        let beyond = saga(total: Money(minorUnits: 999_999_999_999_999))  // the 15-digit total the old parser took
        #expect((try? beyond.check(reserved, at: monday)) == nil)
        do { try beyond.check(reserved, at: monday) } catch { #expect((error as? RuleViolation)?.field == "total") }
    }

    @Test("an amendment whose total leaves the bounds is refused before it replaces the order's lines")
    func amendment() throws {
        var order = saga(total: Money("1000.00")!)
        _ = order.on(.creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false), at: monday)
        let amended = OrderToCashSaga.Event.amended(
            amendmentId: "am-1", lines: [OrderLine(sku: "FL-100", quantity: 1, unitPrice: .maximum)], total: Money(minorUnits: Int64.max))
        #expect(throws: RuleViolation.self) { try order.check(amended, at: monday) }
    }
}
