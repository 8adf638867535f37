import Foundation
import O2CContracts
import Testing

@Suite("Money is exact (DOMAIN.md: Quotes, bids and contracts — no floating point)")
struct MoneyTests {
    @Test(
        "amounts parse only as strings with exactly two decimals",
        arguments: [
            ("1200.00", Int64(120_000)), ("0.01", 1), ("-35.10", -3510), ("999999999999.99", 99_999_999_999_999),
        ])
    func parses(text: String, minor: Int64) {
        #expect(Money(text)?.minorUnits == minor)
        #expect(Money(text)?.description == text)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "1200", "1200.0", "1200.000", "12,00.00", "", ".50", "1e3.00", "--1.00", " 1.00", "1.00 ", "1000000000000.00",
            "999999999999999.99",
        ])
    func refuses(text: String) {
        #expect(Money(text) == nil)
    }

    @Test("JSON carries amounts as two-decimal strings")
    func json() throws {
        let data = try JSONEncoder().encode(["amount": Money(minorUnits: 5)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"amount":"0.05"}"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([String: Money].self, from: Data(#"{"a":12.5}"#.utf8)) }
    }

    @Test("a ratio rounds half away from zero to the fen")
    func ratio() throws {
        #expect(try Money("100.00")!.times(basisPoints: 3000) == Money("30.00"))
        #expect(try Money("0.05")!.times(basisPoints: 5000) == Money("0.03"), "2.5 fen rounds up")
        #expect(try Money("-0.05")!.times(basisPoints: 5000) == Money("-0.03"))
        #expect(try Money("333.33")!.times(basisPoints: 3333) == Money("111.10"), "111.098889 → 111.10")
    }

    @Test("routing keys follow <service>.<event>.v<version>")
    func routingKeys() {
        #expect(RoutingKey("orders.contract_signed.v1")?.event == "contract_signed")
        #expect(RoutingKey("orders.contract_signed")?.event == nil)
        #expect(RoutingKey("orders.contract_signed.v0") == nil)
    }
}
