import Foundation
import HTTPTestSupport
import Testing

@testable import ExchangeWebServices

/// EWS requests carry a bearer token and the mailbox's data: by default the client follows no
/// redirect, and a body that trickles in is bounded by the request's deadline (issue 18, item 1).
@Suite("Outbound HTTP: EWS")
struct EWSOutboundHTTPTests {
    static let mailbox = "alice@contoso.example"

    static func client(_ url: URL, timeout: Duration = .seconds(100)) -> ExchangeWebServicesClient {
        // The default HTTP client, as production gets it.
        ExchangeWebServicesClient(
            configuration: EWSClientConfiguration(
                endpoint: url.appendingPathComponent("EWS/Exchange.asmx"), timeZoneContext: "Europe/Paris",
                requestTimeout: timeout, retryPolicy: .none),
            tokenProvider: CountingTokenProvider(), sleeper: RecordingSleeper())
    }

    @Test("A redirect from Exchange is refused with the fix, and nothing reaches the other host")
    func redirectRefused() async throws {
        let elsewhere = try await MisbehavingHTTPServer.start(.answer("<not-soap/>"))
        let exchange = try await MisbehavingHTTPServer.start(.redirect(status: 307, target: elsewhere.baseURL.absoluteString))
        var caught: EWSError?
        do {
            _ = try await Self.client(exchange.baseURL).syncFolderItems(
                in: .distinguished(.calendar), syncState: nil, mailbox: Self.mailbox)
        } catch let error as EWSError {
            caught = error
        }
        let reachedElsewhere = elsewhere.received.count
        await elsewhere.stop()
        await exchange.stop()
        #expect(caught?.httpStatus == 307)
        #expect(caught?.message.contains("EwsUrl") == true, "\(caught?.message ?? "")")
        #expect(reachedElsewhere == 0)
    }

    @Test("An answer whose body trickles in fails at the request's deadline")
    func tricklingBody() async throws {
        let exchange = try await MisbehavingHTTPServer.start(.trickle(bytes: 100, interval: .milliseconds(100)))
        var caught: EWSError?
        do {
            _ = try await Self.client(exchange.baseURL, timeout: .seconds(1)).syncFolderItems(
                in: .distinguished(.calendar), syncState: nil, mailbox: Self.mailbox)
        } catch let error as EWSError {
            caught = error
        }
        await exchange.stop()
        #expect(caught?.kind == .transport)
        #expect(caught?.message.contains("did not arrive within 1") == true, "\(caught?.message ?? "")")
    }
}
