import AsyncHTTPClient
import Foundation
import Logging
import MicrosoftIdentity
import NIOCore
import NIOHTTP1

/// A Microsoft Graph client for the Outlook data a sync needs: events and series, contacts, To Do
/// tasks, messages' folders; delta rounds; tag searches; `$batch`; id translation; subscriptions.
///
/// Every request asks for immutable ids, carries the mailbox's share of Outlook's concurrency
/// limit (at most 4 in flight per mailbox, across all copies of this client that share the
/// `GraphClient` value), and fails with a `GraphError`. Tokens come from an
/// `AccessTokenProvider` for `TokenResource.graph(in: cloud)`.
public struct GraphClient: Sendable {
    public let configuration: GraphClientConfiguration
    let transport: GraphTransport

    public init(
        configuration: GraphClientConfiguration, httpClient: HTTPClient, tokenProvider: any AccessTokenProvider,
        sleeper: any GraphRetrySleeper = GraphTaskSleeper(), jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        logger: Logger = Logger(label: "MicrosoftGraph")
    ) {
        self.configuration = configuration
        transport = GraphTransport(
            configuration: configuration, httpClient: httpClient, tokenProvider: tokenProvider,
            limiter: MailboxRequestLimiter(limit: configuration.maxConcurrentRequestsPerMailbox), sleeper: sleeper,
            jitter: jitter, logger: logger)
    }

    /// The AsyncHTTPClient settings this client is meant to run with: a 10 s connect timeout, no
    /// redirects (Graph does not redirect API calls; a redirect would carry the token elsewhere).
    public static var recommendedHTTPClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    // MARK: Building blocks shared by the operations

    /// `{baseURL}/{path}?{query}`; path segments are percent-encoded by `GraphPath`.
    func url(_ path: GraphPath, query: [(String, String)] = []) -> String {
        var base = configuration.baseURL.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        return base + path.rendered + Self.relativeQuery(query)
    }

    /// `?{query}` for a URL relative to the service root (a `$batch` item), or "" without a query.
    static func relativeQuery(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        return "?" + query.map { "\($0.0)=\(GraphPath.encodeQueryValue($0.1))" }.joined(separator: "&")
    }

    func send(_ request: GraphRequest) async throws -> GraphResponse {
        try await transport.send(request)
    }

    /// Sends a request and decodes its JSON answer.
    func call<Answer: Decodable>(_ request: GraphRequest, as: Answer.Type) async throws -> Answer {
        let response = try await send(request)
        return try GraphJSON.decode(Answer.self, from: response, operation: request.operation, mailbox: request.mailbox)
    }

    func encode(_ value: some Encodable, operation: String) throws -> [UInt8] {
        do {
            return Array(try GraphJSON.encoder.encode(value))
        } catch {
            throw GraphError(kind: .invalidRequest, operation: operation, message: "The request body could not be encoded: \(error).")
        }
    }
}
