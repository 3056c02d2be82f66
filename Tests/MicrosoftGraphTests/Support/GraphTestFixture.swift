import AsyncHTTPClient
import Foundation
import MicrosoftGraph
import MicrosoftIdentity
import Synchronization

/// Hands out a fixed token and counts forced refreshes.
final class StaticTokenProvider: AccessTokenProvider {
    private let forced = Mutex(0)
    let value: String

    init(value: String = "TEST-TOKEN") { self.value = value }

    var forcedRefreshes: Int { forced.withLock { $0 } }

    func accessToken(forceRefresh: Bool) async throws -> AccessToken {
        if forceRefresh { forced.withLock { $0 += 1 } }
        return AccessToken(value: value, expiresOn: Date().addingTimeInterval(3600))
    }
}

/// Records the waits of the retry policy instead of sleeping.
final class RecordingSleeper: GraphRetrySleeper {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    func sleep(for duration: Duration) async throws { waits.withLock { $0.append(duration) } }
}

/// A canned server, an HTTP client and a `GraphClient` pointed at `{server}/v1.0`.
struct GraphTestFixture {
    let server: CannedGraphServer
    let httpClient: HTTPClient
    let client: GraphClient
    let tokens: StaticTokenProvider
    let sleeper: RecordingSleeper
    let baseURL: URL

    /// Runs `body` against a server answering with `handler`, and tears everything down.
    static func run<T>(
        preferredTimeZone: String? = nil, maxPageSize: Int = 100, retryPolicy: GraphRetryPolicy = .default,
        handler: @escaping @Sendable (RecordedRequest) async -> CannedResponse,
        _ body: (GraphTestFixture) async throws -> T
    ) async throws -> T {
        let server = CannedGraphServer(handler: handler)
        let root = try await server.start()
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: GraphClient.recommendedHTTPClientConfiguration)
        let tokens = StaticTokenProvider()
        let sleeper = RecordingSleeper()
        let baseURL = root.appendingPathComponent("v1.0")
        let client = GraphClient(
            configuration: GraphClientConfiguration(
                baseURL: baseURL, preferredTimeZone: preferredTimeZone, maxPageSize: maxPageSize, retryPolicy: retryPolicy),
            httpClient: httpClient, tokenProvider: tokens, sleeper: sleeper, jitter: { 0.5 })
        let fixture = GraphTestFixture(server: server, httpClient: httpClient, client: client, tokens: tokens, sleeper: sleeper, baseURL: baseURL)
        do {
            let result = try await body(fixture)
            try? await httpClient.shutdown()
            await server.stop()
            return result
        } catch {
            try? await httpClient.shutdown()
            await server.stop()
            throw error
        }
    }
}
