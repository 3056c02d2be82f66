import AsyncHTTPClient
import MicrosoftIdentity
import NIOCore

extension ExchangeWebServicesClient {
    /// The AsyncHTTPClient settings this client is meant to run with: a pool per host sized to
    /// Exchange Online's EWS concurrency budget (27), a 10 s connect timeout, and no silent
    /// reconnection loop, so that an unreachable server fails fast into the client's own
    /// retry policy instead of stalling until the request deadline.
    ///
    /// Create one `HTTPClient` with it per process, pass it to every client, shut it down at exit.
    /// It is `OutboundHTTPClient.configuration` (no redirects, bounded pool) with EWS's longer
    /// read timeout; the client's default, `OutboundHTTPClient.shared`, is fine as it is.
    public static var recommendedHTTPClientConfiguration: HTTPClient.Configuration {
        var configuration = OutboundHTTPClient.configuration
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 27)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}
