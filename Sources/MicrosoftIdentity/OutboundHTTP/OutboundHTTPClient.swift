import AsyncHTTPClient
import NIOCore

/// The HTTP client for every request the service sends out: tokens, EWS, Graph, webhooks.
///
/// `HTTPClient.shared` follows up to 20 redirects and, on a 307 or 308, sends the body again to
/// whatever origin the answer names: a token request's `client_secret`, or a signed webhook
/// payload, would go to another host. This client follows none:
/// - a redirect is an answer like any other (the token endpoint, EWS and Graph never redirect a
///   valid request; a webhook receiver must be configured with its final URL);
/// - connecting gives up after 10 s, and a connection that stays silent for 60 s is closed;
///   callers bound the whole exchange, body included, with `collectBody(upTo:within:)`;
/// - at most 32 connections per host, so one slow tenant cannot take every socket.
public enum OutboundHTTPClient {
    public static var configuration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// One per process, never shut down (like `HTTPClient.shared`).
    public static let shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}
