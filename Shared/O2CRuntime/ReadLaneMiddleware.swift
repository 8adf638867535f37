import Hummingbird
import O2CPostgres

/// GET and HEAD run in the pool's read lane, which may use the connections kept back from writers:
/// a plain read answers even while every writer waits on one customer's lock (``PostgresPool``).
struct ReadLaneMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        return try await PostgresPool.withLane(.read) { try await next(request, context) }
    }
}
