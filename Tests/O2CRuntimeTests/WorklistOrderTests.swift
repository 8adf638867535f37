import Foundation
import O2CRuntime
import Testing

@Suite("CONTRACT.md The department's daily work: a worklist's order, bound and shape")
struct WorklistOrderTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func item(_ id: String, since: Double, due: Double?) -> WorklistItem {
        WorklistItem(
            kind: "pick", id: id, title: id, since: t0.addingTimeInterval(since), dueBy: due.map { t0.addingTimeInterval($0) },
            path: "/v1/dispatch-notes/\(id)/pick")
    }

    @Test("sorted by dueBy with nulls last, then by since")
    func order() {
        let items = [
            item("none-late", since: 50, due: nil), item("due-2", since: 0, due: 200), item("none-early", since: 10, due: nil),
            item("due-1-late", since: 30, due: 100), item("due-1-early", since: 20, due: 100),
        ]
        #expect(Worklist.ordered(items).map(\.id) == ["due-1-early", "due-1-late", "due-2", "none-early", "none-late"])
    }

    @Test("at most 200 items, the most urgent")
    func bound() {
        let items = (0..<250).map { item("n\($0)", since: 0, due: Double(250 - $0)) }
        let ordered = Worklist.ordered(items)
        #expect(ordered.count == 200)
        #expect(ordered.first?.id == "n249")
        #expect(!ordered.contains { $0.id == "n0" })
    }

    @Test("dueBy is in every item, null when nothing is due; action names the call")
    func shape() throws {
        let data = try JSONEncoder().encode(item("n-1", since: 0, due: nil))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object.keys.sorted() == ["action", "dueBy", "id", "kind", "since", "title"])
        #expect(object["dueBy"] is NSNull)
        let action = try #require(object["action"] as? [String: String])
        #expect(action == ["method": "POST", "path": "/v1/dispatch-notes/n-1/pick"])
    }
}
