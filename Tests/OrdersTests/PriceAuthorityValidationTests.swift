import O2CContracts
import Testing

@testable import Orders

@Suite("DOMAIN.md Quotes, bids and contracts / CONTRACT.md HTTP conventions: bad lines are named by field path")
struct PriceAuthorityValidationTests {
    let authority = PriceAuthority()

    private func fields(_ lines: [OrderLine]) -> [String]? {
        let error = #expect(throws: RuleViolation.self) {
            try authority.assess(channel: .endUser, lines: lines, prices: Catalogue.prices)
        }
        #expect(error?.code.rawValue == "validation_failed")
        return error?.fieldErrors.map(\.field)
    }

    @Test("a quote needs at least one line")
    func noLines() {
        #expect(fields([]) == ["lines"])
    }

    @Test("quantities must be positive", arguments: [0, -1, Int.min])
    func quantity(quantity: Int) {
        #expect(
            fields([line("VALVE-50", 1, "1200.00"), line("VALVE-50", 2, "1200.00"), line("VALVE-50", quantity, "1200.00")])
                == ["lines[2].quantity"])
    }

    @Test("unit prices must be positive", arguments: ["0.00", "-0.01"])
    func unitPrice(unitPrice: String) {
        #expect(fields([line("VALVE-50", 1, unitPrice)]) == ["lines[0].unitPrice"])
    }

    @Test("an unknown or blank sku is named")
    func unknownSKU() {
        #expect(fields([line("NO-SUCH", 1, "10.00"), line("", 1, "10.00")]) == ["lines[0].sku", "lines[1].sku"])
    }

    @Test("every bad field is listed, in line order, before any price rule runs")
    func everyField() {
        let lines = [line("VALVE-50", 0, "1.00"), line("VALVE-50", 1, "1200.00"), line("NO-SUCH", -5, "0.00")]
        #expect(fields(lines) == ["lines[0].quantity", "lines[2].sku", "lines[2].quantity", "lines[2].unitPrice"])
    }

    @Test(
        "an amount beyond 999,999,999,999.99 (CONTRACT.md Faults, limits and identity) is a validation error naming the line, not a crash")
    func overflow() throws {
        #expect(fields([line("VALVE-50", Int.max, "1200.00")]) == ["lines[0].quantity"])
        #expect(fields([line("VALVE-50", 1, "1200.00"), line("VALVE-50", 2, "999999999999.99")]) == ["lines[1].quantity"])
        #expect(
            fields([line("VALVE-50", 1, "999999999999.99"), line("VALVE-50", 1, "0.01")]) == ["lines[1].quantity"],
            "each line within the bounds, their total beyond")
        #expect(
            try authority.assess(
                channel: .endUser, lines: [line("VALVE-50", 1, "999999998799.99"), line("VALVE-50", 1, "1200.00")], prices: Catalogue.prices
            )
            .total == Money.maximum, "the total at the bound")
    }
}
