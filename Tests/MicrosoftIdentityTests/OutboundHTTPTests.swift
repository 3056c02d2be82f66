import Foundation
import HTTPTestSupport
@testable import MicrosoftIdentity
import Testing

/// The token request carries the client secret: it must never follow a redirect, and a body that
/// trickles in must not hold the caller past its deadline (issue 18, item 1).
@Suite("Outbound HTTP: the token request")
struct OutboundHTTPTests {
    @Test("A 307 or 308 from the authority is refused: the secret is sent once, to the authority only", arguments: [307, 308])
    func redirectRefused(status: Int) async throws {
        let elsewhere = try await MisbehavingHTTPServer.start(.answer(#"{"access_token":"x","token_type":"Bearer","expires_in":3599}"#))
        let authority = try await MisbehavingHTTPServer.start(.redirect(status: status, target: elsewhere.baseURL.absoluteString))
        let registration = TestTenant.registration(base: authority.baseURL)
        let outcome: Result<TokenResponse, TokenRequestError>
        do {
            outcome = .success(try await TokenEndpointClient().requestToken(for: registration, resource: .exchangeOnline(), now: Date()))
        } catch {
            outcome = .failure(error)
        }
        let received = (authority: authority.received.count, elsewhere: elsewhere.received.map(\.path))
        await elsewhere.stop()
        await authority.stop()
        guard case .failure(let error) = outcome else {
            Issue.record("a redirected token request succeeded")
            return
        }
        #expect(error.httpStatus == status)
        #expect(error.summary.contains("redirect"))
        #expect(!error.description.contains(TestTenant.canarySecret))
        #expect(received.authority == 1)
        #expect(received.elsewhere.isEmpty, "the secret reached another host: \(received.elsewhere)")
    }

    @Test("A token answer whose body trickles in fails at the request's deadline")
    func tricklingBody() async throws {
        let authority = try await MisbehavingHTTPServer.start(.trickle(bytes: 200, interval: .milliseconds(100)))
        let registration = TestTenant.registration(base: authority.baseURL)
        let outcome: Result<TokenResponse, TokenRequestError>
        do {
            outcome = .success(
                try await TokenEndpointClient(timeout: .seconds(1)).requestToken(
                    for: registration, resource: .exchangeOnline(), now: Date()))
        } catch {
            outcome = .failure(error)
        }
        await authority.stop()
        // The body would take 20 s: the client gave up at its 1 s deadline, as a transport failure
        // (retried later), not after reading the whole body as a malformed answer.
        guard case .failure(let error) = outcome else {
            Issue.record("a trickled token answer succeeded")
            return
        }
        #expect(error.kind == .transport)
        #expect(error.summary.contains("did not arrive within 1"), "\(error.summary)")
    }

    @Test("The outbound client follows no redirect and bounds connections per host")
    func configuration() {
        let configuration = OutboundHTTPClient.configuration
        #expect(configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit == 32)
        #expect(configuration.timeout.connect != nil && configuration.timeout.read != nil)
    }
}
