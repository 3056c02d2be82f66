import Hummingbird

/// The request context of the API: Hummingbird's core storage plus the client the
/// authentication middleware identified.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AuthenticationMiddleware`` for every route but the health checks.
    public var client: AuthenticatedClient?

    public init(source: Source) {
        coreContext = .init(source: source)
        client = nil
    }
}
