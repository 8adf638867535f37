import HTTPTypes
import Hummingbird
import NIOCore

/// A printable form as the response: `text/html; charset=utf-8`, not cached (a form shows the document as it
/// is when asked).
package struct HTMLPage: ResponseGenerator {
    package var html: String

    package init(_ document: FormDocument) throws(FormError) { html = try FormTemplate.render(document) }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
