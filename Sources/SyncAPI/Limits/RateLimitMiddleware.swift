import HTTPTypes
import Hummingbird

/// Refuses with 429 and `Retry-After` a key that sends faster than its bucket allows.
/// Runs after authentication: buckets belong to keys, not to addresses (requests without a valid
/// key are limited per address by `AuthenticationMiddleware`).
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let limiter: TokenBucketRateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let client = context.client else { return try await next(request, context) }
        switch limiter.acquire(key: client.name) {
        case .allowed:
            return try await next(request, context)
        case .limited(let seconds):
            var problem = APIProblem(
                .tooManyRequests, kind: "rate-limited", title: "Too many requests",
                detail: "This API key sent more requests than it may; wait \(seconds) s before the next one.",
                retryAfterSeconds: seconds)
            problem.headers = [(.retryAfter, String(seconds))]
            throw problem
        }
    }
}
