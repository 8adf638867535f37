import O2CContracts
import O2CSaga
import Testing

@testable import AfterSales

/// DOMAIN.md "After-sales and returns" and "Order amendments" (after dispatch, only returns apply): what
/// may be returned, and at what price.
@Suite("Return request rules (DOMAIN.md After-sales and returns)")
struct ReturnRequestRulesTests {
    typealias Line = ReturnRequestRules.RequestedLine
    let price = Money("120.00")!
    var rules: ReturnRequestRules {
        ReturnRequestRules(
            orderKnown: true, delivered: true,
            lines: [
                .init(sku: "P-1", delivered: 10, alreadyReturned: 3, unitPrice: price),
                .init(sku: "P-2", delivered: 0, alreadyReturned: 0, unitPrice: price),
            ])
    }

    func refusal(_ body: () throws(RuleViolation) -> Void) -> RuleViolation? {
        do { try body(); return nil } catch { return error }
    }

    @Test("a return of delivered goods is priced at the order's unit price")
    func priced() throws {
        let (kind, lines) = try rules.validate(kind: "exchange", lines: [Line(sku: "P-1", quantity: 7)], reason: "cracked")
        #expect(kind == .exchange)
        #expect(lines == [ReturnLine(sku: "P-1", quantity: 7, unitPrice: price)])
    }

    @Test("more than delivered less already returned is refused on that line's quantity")
    func tooMany() {
        let error = refusal { () throws(RuleViolation) in
            _ = try rules.validate(kind: "return", lines: [Line(sku: "P-1", quantity: 8)], reason: "x")
        }
        #expect(error?.code == .validationFailed)
        #expect(error?.fieldErrors.map(\.field) == ["lines[0].quantity"])
        #expect(error?.problem.status == 422)
    }

    @Test(
        "zero or negative quantities, undelivered skus, duplicate sku lines, a bad kind and no reason are each named",
        arguments: [
            ([Line(sku: "P-1", quantity: 0)], "return", "x", ["lines[0].quantity"]),
            ([Line(sku: "P-1", quantity: -1)], "return", "x", ["lines[0].quantity"]),
            ([Line(sku: "P-2", quantity: 1)], "return", "x", ["lines[0].sku"]),
            ([Line(sku: "P-9", quantity: 1)], "return", "x", ["lines[0].sku"]),
            ([Line(sku: "P-1", quantity: 1), Line(sku: "P-1", quantity: 1)], "return", "x", ["lines[1].sku"]),
            ([Line(sku: "P-1", quantity: 1)], "refund", "x", ["kind"]),
            ([Line(sku: "P-1", quantity: 1)], "return", "  ", ["reason"]),
            ([], "return", "x", ["lines"]),
        ])
    func invalid(_ lines: [Line], _ kind: String, _ reason: String, _ fields: [String]) {
        let error = refusal { () throws(RuleViolation) in _ = try rules.validate(kind: kind, lines: lines, reason: reason) }
        #expect(error?.code == .validationFailed)
        #expect(error?.fieldErrors.map(\.field) == fields)
    }

    @Test("an unknown order is a validation failure on orderId; an undelivered one is 409 invalid_state")
    func orderNotReturnable() {
        let unknown = refusal { () throws(RuleViolation) in
            _ = try ReturnRequestRules(orderKnown: false, delivered: false, lines: []).validate(
                kind: "return", lines: [Line(sku: "P-1", quantity: 1)], reason: "x")
        }
        #expect(unknown?.fieldErrors.map(\.field) == ["orderId"])
        let undelivered = refusal { () throws(RuleViolation) in
            _ = try ReturnRequestRules(orderKnown: true, delivered: false, lines: []).validate(
                kind: "return", lines: [Line(sku: "P-1", quantity: 1)], reason: "x")
        }
        #expect(undelivered?.code == .invalidState)
        #expect(undelivered?.problem.code == "invalid_state")
        #expect(undelivered?.problem.status == 409)
    }
}
