import Hummingbird

/// Requires an API key on every path except the health checks, and records who called.
///
/// Requests without a valid key are limited per client address before the key is even looked
/// at: each one takes a token from the address's bucket, and an address whose bucket is empty
/// gets 429 whatever it sends, so a flood of guessed keys costs the server next to nothing.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let authenticator: APIKeyAuthenticator
    /// Buckets of requests without a valid key, per client address.
    let unauthenticated: TokenBucketRateLimiter
    /// Paths that answer without a key and without limit. The Graph notification path also
    /// answers without a key, but within the limit of unauthenticated requests.
    static let openPaths: Set<String> = ["/healthz", "/readyz"]
    /// The path prefixes of ``APIRouteExtension``s, which authenticate their own way.
    var extensionPrefixes: [String] = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if Self.openPaths.contains(path) || extensionPrefixes.contains(where: { path.hasPrefix($0) }) {
            return try await next(request, context)
        }
        let address = context.remoteAddress ?? "unknown"
        let notification = request.uri.path == NotificationRoutes.graphPath
        if case .limited(let seconds) = unauthenticated.peek(key: address) {
            var problem = APIProblem(
                .tooManyRequests, kind: "rate-limited", title: "Too many requests",
                detail: "Too many requests without a valid API key came from this address; wait \(seconds) s.",
                retryAfterSeconds: seconds)
            problem.headers = [(.retryAfter, String(seconds))]
            throw problem
        }
        // Microsoft Graph's notifications carry no key; the route checks their clientState.
        if notification { return try await next(request, context) }
        guard let key = APIKeyAuthenticator.bearerKey(from: request.headers[.authorization]),
            let client = authenticator.authenticate(key: key)
        else {
            _ = unauthenticated.acquire(key: address)
            throw APIProblem.unauthenticated
        }
        var context = context
        context.client = client
        context.logger[metadataKey: "api.client"] = .string(client.name)
        return try await next(request, context)
    }
}
