import Hummingbird

/// The request context of the API: Hummingbird's core storage plus the client the
/// authentication middleware identified.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AuthenticationMiddleware`` for every route but the health checks.
    public var client: AuthenticatedClient?
    /// The peer's IP address, for the limit on requests without a valid key.
    public var remoteAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        client = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
