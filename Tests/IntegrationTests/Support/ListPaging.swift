import Foundation

/// Walks a list of CONTRACT.md "The department's daily work" as a client does: from a path, following
/// `Link: <…>; rel="next"` to the last page.
enum ListPaging {
    /// Every page's items (and their ids, and the bodies' text) from `path` to the last page; fails on anything but 200.
    static func pageThrough(
        _ harness: ServiceHarness, _ process: ServiceProcess, _ path: String, _ token: String
    ) async throws -> (ids: [String], items: [[String: Any]], pages: Int, text: String) {
        var next: String? = path
        var items: [[String: Any]] = []
        var text = ""
        var pages = 0
        while let current = next, pages < 50 {
            let (body, status, headers) = try await HTTPClient.exchange("GET", "http://127.0.0.1:\(process.port)\(current)", token: token)
            guard status == 200 else { throw TestFailure("GET \(current) answered \(status): \(String(decoding: body, as: UTF8.self))") }
            items += (try JSONSerialization.jsonObject(with: body) as? [[String: Any]]) ?? []
            text += String(decoding: body, as: UTF8.self)
            pages += 1
            next = headers["link"].flatMap(nextReference)
        }
        return (items.compactMap { ($0["id"] ?? $0["sku"]) as? String }, items, pages, text)
    }

    /// The reference of `<…>; rel="next"`.
    static func nextReference(_ link: String) -> String? {
        guard link.hasSuffix(#"rel="next""#), let open = link.firstIndex(of: "<"), let close = link.firstIndex(of: ">") else { return nil }
        return String(link[link.index(after: open)..<close])
    }
}
