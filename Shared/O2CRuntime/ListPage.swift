import Foundation
import HTTPTypes
import Hummingbird

/// One page of a list: the items as a JSON array and, when there are more, a
/// `Link: </v1/…?…&cursor=…>; rel="next"` header that repeats the request's own parameters with the
/// cursor of the page's last item (RFC 8288; the reference is relative to the service).
package struct ListPage<Item: Encodable>: ResponseGenerator {
    package var items: [Item]
    package var next: ListCursor?

    package init(_ items: [Item], next: ListCursor?) {
        self.items = items
        self.next = next
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse(items).response()
        if let next { response.headers[.link] = "<\(Self.nextReference(request, cursor: next))>; rel=\"next\"" }
        return response
    }

    /// The request's path and parameters with `cursor` set to `cursor`, each value percent-encoded.
    package static func nextReference(_ request: Request, cursor: ListCursor) -> String {
        var parts: [String] = []
        for (name, value) in RequestValidator.queryParameters(request.uri.query) where name != "cursor" {
            parts.append("\(encoded(name))=\(encoded(value))")
        }
        parts.append("cursor=\(cursor.token)")
        return "\(request.uri.path)?\(parts.joined(separator: "&"))"
    }

    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreservedInQuery) ?? ""
    }
}

/// RFC 3986's unreserved characters: everything else in a query value is percent-encoded.
private let unreservedInQuery = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

extension HTTPField.Name {
    package static let link = HTTPField.Name("Link")!  // a valid field name
}
