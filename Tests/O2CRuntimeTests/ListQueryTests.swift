import O2CContracts
import Testing

@testable import O2CRuntime

@Suite("List parameters and cursors (CONTRACT.md The department's daily work; Faults, limits and identity)")
struct ListQueryTests {
    @Test("a cursor survives its token for any id, dots and Chinese included")
    func cursorRoundTrips() {
        for (microseconds, id) in [
            (Int64(0), "o-1"), (1_796_000_000_123_456, "q.with.dots"), (ListCursor.latestMicroseconds, "客户-甲"), (42, "a/b+c="),
        ] {
            let cursor = ListCursor(microseconds: microseconds, id: id)
            #expect(ListCursor(token: cursor.token) == cursor)
            #expect(cursor.token.utf8.allSatisfy { $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") })
        }
    }

    @Test("any text given as a cursor is either one of ours or refused, never a trap")
    func garbageCursorsAreRefused() {
        var generator = SplitMix(seed: 2026_12_02)
        let alphabet = Array("AZaz09-_=+/.%€ 客\u{0}")
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 300)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            if let cursor = ListCursor(token: text) {
                #expect(cursor.microseconds >= 0 && !cursor.id.isEmpty)
            }
        }
        let beyond = ListCursor(microseconds: ListCursor.latestMicroseconds + 1, id: "x").token
        let negative = ListCursor(microseconds: -1, id: "x").token
        for refused in [
            "", "v1", "bm90LW91cnM", String(repeating: "A", count: 257), ListCursor(microseconds: 1, id: "x").token + "!", beyond, negative,
        ] {
            #expect(ListCursor(token: refused) == nil, "\(refused)")
        }
    }

    @Test("limit, status, dates and unknown parameters are checked, each refusal naming its parameter")
    func parametersAreChecked() throws {
        let statuses: Set<String> = ["open", "paid"]
        let query = try ListQuery(
            parameters: [
                ("limit", "200"), ("status", "paid"), ("from", "2026-12-01"), ("to", "2026-12-31"), ("q", "  hengda "), ("sku", "P-1"),
            ],
            statuses: statuses, filters: ["sku"])
        #expect(query.limit == 200 && query.status == "paid" && query.text == "hengda" && query.filters == ["sku": "P-1"])
        #expect(query.from == CalendarDate("2026-12-01") && query.to == CalendarDate("2026-12-31"))
        #expect(try ListQuery(parameters: [], statuses: statuses, filters: []).limit == ListQuery.defaultLimit)
        let chosen = try ListQuery(parameters: [("kind", "sale")], statuses: [], filters: [], choices: ["kind": ["sale", "return"]])
        #expect(chosen.filters == ["kind": "sale"])
        do {
            _ = try ListQuery(parameters: [("kind", "gift")], statuses: [], filters: [], choices: ["kind": ["sale", "return"]])
            Issue.record("a kind outside the choices was accepted")
        } catch let problem as Problem {
            #expect(problem.errors?.map(\.field) == ["kind"] && problem.errors?.first?.message == "must be one of sale, return")
        }
        for (parameters, field) in [
            ([("limit", "0")], "limit"), ([("limit", "201")], "limit"), ([("limit", "9223372036854775808")], "limit"),
            ([("status", "lost")], "status"), ([("from", "2026-02-30")], "from"), ([("to", "1999-12-31")], "to"),
            ([("from", "2026-12-02"), ("to", "2026-12-01")], "to"), ([("sort", "name")], "sort"), ([("sku", "")], "sku"),
            ([("limit", "1"), ("limit", "2")], "limit"), ([("q", String(repeating: "x", count: 101))], "q"), ([("q", "a\u{0}b")], "q"),
        ] {
            #expect(throws: Problem.self) { try ListQuery(parameters: parameters, statuses: statuses, filters: ["sku"]) }
            do {
                _ = try ListQuery(parameters: parameters, statuses: statuses, filters: ["sku"])
            } catch let problem as Problem {
                #expect(problem.errors?.map(\.field) == [field], "\(parameters)")
            } catch {}
        }
    }

    @Test("q is looked for literally: %, _ and backslash match only themselves")
    func likePatternEscapes() {
        #expect(ListQuery(text: #"50%_off\"#).likePattern == #"%50\%\_off\\%"#)
        #expect(ListQuery().likePattern == nil)
    }
}

/// A small deterministic generator, so that the garbage is the same on every run.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
