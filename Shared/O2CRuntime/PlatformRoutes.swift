import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import O2CMessaging

/// Routes every service has: health, metrics, the OpenAPI document, and the test clock when enabled.
enum PlatformRoutes {
    static func add(
        to router: Router<O2CRequestContext>, readiness: ReadinessProbe?, clock: ServiceClock, openAPI: String?
    ) {
        router.get("/health/live") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"live":true}"#)))
        }
        router.get("/health/ready") { _, _ in
            // Without a probe (a router built only to list its routes) the service is never ready.
            let report =
                await readiness?.check()
                ?? .init(ready: false, database: false, migrations: false, broker: false, pool: false, queuesFull: [])
            return try JSONResponse(report, status: report.ready ? .ok : .serviceUnavailable).response()
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: Observability.metricsText())))
        }
        if let openAPI {
            router.get("/openapi.yaml") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: openAPI)))
            }
        }
        if clock.isMovable {
            struct TestClock: Codable { var now: Date }
            router.put("/v1/admin/test-clock") { request, context in
                guard context.principal != nil else { throw Problem.unauthorized("a bearer token is required") }
                let body = try await request.decode(as: TestClock.self, context: context)
                clock.set(body.now)
                context.logger.notice("test clock moved", metadata: ["now": "\(body.now)"])
                return try JSONResponse(TestClock(now: clock.now())).response()
            }
        }
    }
}

/// A JSON response with a status, encoded with the messages' settings (ISO 8601 times).
package struct JSONResponse<Body: Encodable>: ResponseGenerator {
    package var body: Body
    package var status: HTTPResponse.Status
    package init(_ body: Body, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }
    package func response() throws -> Response {
        let data = try JSONCoding.encoder.encode(body)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
    package func response(from request: Request, context: some RequestContext) throws -> Response { try response() }
}
