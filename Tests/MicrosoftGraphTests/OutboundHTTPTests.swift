import AsyncHTTPClient
import Foundation
import HTTPTestSupport
import MicrosoftGraph
import Testing

/// A Graph answer whose body trickles in must not hold a sync cycle past the request's deadline,
/// and Graph's redirects are never followed with the bearer token (issue 18, item 1).
@Suite("Outbound HTTP: Graph")
struct GraphOutboundHTTPTests {
    static func client(_ base: URL, httpClient: HTTPClient) -> GraphClient {
        GraphClient(
            configuration: GraphClientConfiguration(
                baseURL: base.appendingPathComponent("v1.0"), retryPolicy: .none, requestTimeout: .seconds(1)),
            httpClient: httpClient, tokenProvider: StaticTokenProvider())
    }

    @Test("An answer whose body trickles in fails at the request's deadline, as a transport error")
    func tricklingBody() async throws {
        let graph = try await MisbehavingHTTPServer.start(.trickle(bytes: 200, interval: .milliseconds(100)))
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: GraphClient.recommendedHTTPClientConfiguration)
        var caught: GraphError?
        do {
            _ = try await Self.client(graph.baseURL, httpClient: httpClient).event(id: "E1", mailbox: "u1")
        } catch let error as GraphError {
            caught = error
        }
        try? await httpClient.shutdown()
        await graph.stop()
        // The body would take 20 s; the client gave up at its 1 s deadline.
        #expect(caught?.kind == .transport)
        #expect(caught?.message.contains("did not arrive within 1 s") == true, "\(caught?.message ?? "")")
    }

    @Test("A redirect from Graph is an error; the token never reaches the other host")
    func redirectRefused() async throws {
        let elsewhere = try await MisbehavingHTTPServer.start(.answer(#"{"id":"E1"}"#))
        let graph = try await MisbehavingHTTPServer.start(.redirect(status: 307, target: elsewhere.baseURL.absoluteString))
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: GraphClient.recommendedHTTPClientConfiguration)
        var caught: GraphError?
        do {
            _ = try await Self.client(graph.baseURL, httpClient: httpClient).event(id: "E1", mailbox: "u1")
        } catch let error as GraphError {
            caught = error
        }
        let reachedElsewhere = elsewhere.received.count
        try? await httpClient.shutdown()
        await graph.stop()
        await elsewhere.stop()
        #expect(caught?.httpStatus == 307)
        #expect(reachedElsewhere == 0)
    }
}
