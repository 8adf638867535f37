import Foundation
import O2CContracts
import PropertyBased
import Testing

/// Amounts anywhere within the bounds, and as often right at them (CONTRACT.md "Faults, limits and
/// identity": at most 999,999,999,999.99).
private let max = Money.maximumMinorUnits
private let boundedFen = Gen.oneOf(
    Gen.int64(in: -max...max), Gen.int64(in: (max - 1_000)...max), Gen.int64(in: -max...(-max + 1_000)), Gen.int64(in: -1_000...1_000))
/// Fen beyond the bounds, up to what an Int64 holds.
private let beyondFen = Gen.oneOf(Gen.int64(in: (max + 1)...Int64.max), Gen.int64(in: Int64.min...(-max - 1)))
/// Any whole number, and as often small ones and ones near the overflow edges.
private let anyInt = Gen.oneOf(
    Gen.int(in: Int.min...Int.max), Gen.int(in: -20_000...20_000), Gen.int(in: (Int.max - 10)...Int.max),
    Gen.int(in: Int.min...(Int.min + 10)), Gen.int(in: 0...1_000_000_000))

/// The exact result, if it is within the bounds.
private func bounded(_ exact: Int128) -> Int64? {
    (-Int128(max)...Int128(max)).contains(exact) ? Int64(exact) : nil
}

@Suite("Money at its bounds (CONTRACT.md Faults, limits and identity; DOMAIN.md Quotes, bids and contracts — exact money)")
struct MoneyBoundsPropertyTests {
    @Test("every amount within the bounds prints and parses back to itself, in text and in JSON")
    func roundTrip() async throws {
        await propertyCheck(count: 500, input: boundedFen) { fen in
            let money = Money(minorUnits: fen)
            #expect(Money(money.description) == money)
            let json = try JSONEncoder().encode([money])
            #expect(try JSONDecoder().decode([Money].self, from: json) == [money])
            #expect(try Money(checkedMinorUnits: fen) == money)
        }
    }

    @Test("an amount beyond the bounds is refused by parsing, decoding and the checked initialiser")
    func beyond() async {
        await propertyCheck(count: 300, input: beyondFen) { fen in
            let text = Money(minorUnits: fen).description
            #expect(Money(text) == nil)
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[\"\(text)\"]".utf8)) }
            #expect(throws: MoneyError.self) { try Money(checkedMinorUnits: fen) }
        }
        #expect(Money("999999999999.99") == Money.maximum)
        #expect(Money("-999999999999.99") == Money.minimum)
        #expect(Money("1000000000000.00") == nil)
        #expect(Money("0999999999999.99") == nil, "at most 12 whole digits")
    }

    @Test("checked addition and subtraction agree with exact arithmetic and refuse what leaves the bounds")
    func addition() async {
        await propertyCheck(count: 500, input: boundedFen, boundedFen) { a, b in
            let (x, y) = (Money(minorUnits: a), Money(minorUnits: b))
            #expect((try? x + y)?.minorUnits == bounded(Int128(a) + Int128(b)))
            #expect((try? x - y)?.minorUnits == bounded(Int128(a) - Int128(b)))
            #expect((try? -x)?.minorUnits == -a)
            var sum = x
            if (try? sum += y) == nil { #expect(bounded(Int128(a) + Int128(b)) == nil) }
        }
    }

    @Test("a checked sum of many amounts is exact or a refusal")
    func sum() async {
        await propertyCheck(count: 200, input: boundedFen.array(of: 0...40)) { fens in
            let exact = fens.reduce(Int128(0)) { $0 + Int128($1) }
            let partialsInBounds = fens.indices.allSatisfy { bounded(fens[...$0].reduce(Int128(0)) { $0 + Int128($1) }) != nil }
            let result = try? fens.map { Money(minorUnits: $0) }.sum()
            #expect(result?.minorUnits == (partialsInBounds ? bounded(exact) : nil))
        }
    }

    @Test("amount × quantity never traps: exact within the bounds, a MoneyError beyond")
    func timesQuantity() async {
        await propertyCheck(count: 500, input: boundedFen, anyInt) { fen, quantity in
            let product = Int128(fen) * Int128(quantity)
            #expect((try? Money(minorUnits: fen).times(quantity))?.minorUnits == bounded(product))
        }
        #expect(throws: MoneyError.self) { try Money.maximum.times(2) }
        #expect(throws: MoneyError.self) { try Money("1000.00")!.times(1_000_000_000) }
    }

    @Test("amount × basis points never traps and rounds half away from zero, exactly")
    func timesBasisPoints() async {
        await propertyCheck(count: 500, input: boundedFen, anyInt) { fen, points in
            let product = Int128(fen) * Int128(points)
            let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10_000)
            let rounded = quotient + (remainder.magnitude * 2 >= 10_000 ? (product < 0 ? -1 : 1) : 0)
            #expect((try? Money(minorUnits: fen).times(basisPoints: points))?.minorUnits == bounded(rounded))
        }
    }

    @Test("a 30 % deposit of any bounded total is within the bounds and at most the total")
    func deposit() async {
        await propertyCheck(count: 300, input: Gen.int64(in: 0...max), Gen.int(in: 0...10_000)) { fen, points in
            let total = Money(minorUnits: fen)
            let deposit = try total.times(basisPoints: points)
            #expect(deposit >= .zero && deposit <= total)
            #expect(try deposit + (total - deposit) == total)
        }
    }

    @Test("a checked problem names the field it is about")
    func refusalNamesTheField() {
        #expect(
            throws: RuleViolation.validation(
                "waybill.unitFreight", "\(Money.maximum) × 2 is beyond the largest amount, 999999999999.99 either side of zero")
        ) {
            try RuleViolation.checking("waybill.unitFreight") { () throws(MoneyError) in try Money.maximum.times(2) }
        }
    }
}
