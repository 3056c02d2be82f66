import Hummingbird

/// Requires an API key on every path except the health checks, and records who called.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let authenticator: APIKeyAuthenticator
    /// Paths that answer without a key.
    static let openPaths: Set<String> = ["/healthz", "/readyz"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let key = APIKeyAuthenticator.bearerKey(from: request.headers[.authorization]),
            let client = authenticator.authenticate(key: key)
        else { throw APIProblem.unauthenticated }
        var context = context
        context.client = client
        context.logger[metadataKey: "api.client"] = .string(client.name)
        return try await next(request, context)
    }
}
