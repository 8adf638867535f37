import Foundation
import Testing

@testable import Orders

@Suite("A contract's cancellation term (CONTRACT.md Changes to an order — cancellationPenaltyPercent, default 0)")
struct PenaltyPercentTests {
    @Test(
        "a percent from 0 to 100 with at most two decimals, kept in basis points",
        arguments: [
            ("0", 0), ("10", 1000), ("10.00", 1000), ("12.5", 1250), ("0.01", 1), ("100", 10_000), ("100.00", 10_000), ("0.5", 50),
        ])
    func parses(text: String, points: Int) throws {
        #expect(PenaltyPercent(text)?.basisPoints == points)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", ".", "10.", ".5", "10.001", "100.01", "101", "1000", "-1", "+1", "1e1", "10%", " 10", "10,5", "１０", "007", "100.5",
        ])
    func refuses(text: String) {
        #expect(PenaltyPercent(text) == nil)
    }

    @Test("shown with two decimals", arguments: [(0, "0.00"), (1000, "10.00"), (1250, "12.50"), (1, "0.01"), (10_000, "100.00")])
    func shows(points: Int, text: String) {
        #expect(PenaltyPercent(uncheckedBasisPoints: points).description == text)
    }

    @Test("decoding refuses a number or a bad string with a message naming the form")
    func decoding() throws {
        struct Body: Decodable { var cancellationPenaltyPercent: PenaltyPercent }
        for json in [#"{"cancellationPenaltyPercent": 10}"#, #"{"cancellationPenaltyPercent": "150"}"#] {
            let error = try #require(throws: DecodingError.self) { try JSONDecoder().decode(Body.self, from: Data(json.utf8)) }
            guard case .dataCorrupted(let context) = error else { Issue.record("\(error)"); continue }
            #expect(context.debugDescription.contains("from \"0\" to \"100\" with at most two decimals"))
            #expect(context.codingPath.map(\.stringValue) == ["cancellationPenaltyPercent"])
        }
        let body = try JSONDecoder().decode(Body.self, from: Data(#"{"cancellationPenaltyPercent": "10"}"#.utf8))
        #expect(body.cancellationPenaltyPercent.basisPoints == 1000)
    }
}
