import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import MicrosoftIdentity
@testable import EnvironmentVerification
@testable import PrextraSyncCommands
import ServiceConfiguration
import SyncAPI
import SyncService
import SyncStore
import Testing

/// `prextra-sync verify` on a Graph environment with `Notifications`: Graph's validation
/// handshake against `Notifications:Url`, over loopback HTTP, with the token endpoint of the
/// simulator. Every failure here is immediate (no 10 s wait).
@Suite struct VerifyNotificationURLTests {
    static let quiet = Logger(label: "verify-notifications-test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A configuration with one Graph environment (`graph`) whose `Notifications` section is
    /// `notifications`, and one EWS environment (`ews`) with a valid one.
    func writeConfig(authority: String, notifications: String) throws -> String {
        let json = """
        { "Exchange": [
          { "Environment": "graph", "Api": "Graph", "ApplicationId": "\(VerifyCommandTests.good)", "ClientSecret": "\(VerifyCommandTests.canary)",
            "TenantId": "\(VerifyCommandTests.tenant)", "Authority": "\(authority)", "Notifications": \(notifications) },
          { "Environment": "ews", "Api": "Ews", "ApplicationId": "\(VerifyCommandTests.good)", "ClientSecret": "\(VerifyCommandTests.canary)",
            "TenantId": "\(VerifyCommandTests.tenant)", "Authority": "\(authority)", "EwsUrl": "http://127.0.0.1:9/EWS/Exchange.asmx",
            "Notifications": { "Url": "https://sync.example.com/v1/notifications/graph" } }
        ] }
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verify-notifications-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func verify(_ config: String, _ environment: String = "graph", language: DiagnosticLanguage = .english) async -> (VerifyOutcome, [String: Any]) {
        let outcome = await VerifyCommand.execute(configPath: config, environmentName: environment, mailbox: nil, json: true, language: language)
        let object = (try? JSONSerialization.jsonObject(with: Data(outcome.output.utf8))) as? [String: Any] ?? [:]
        let checks = object["checks"] as? [[String: Any]] ?? []
        return (outcome, checks.first { $0["name"] as? String == "notifications" } ?? [:])
    }

    /// The API server as `serve` composes it: its operations over a running sync service that
    /// keeps no subscription (the handshake comes before any).
    func withNotificationReceiver<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verify-notifications-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let loaded = try ConfigurationLoader(environmentVariables: [:], now: Date())
            .load(json: Data(#"{ "Exchange": [] }"#.utf8), baseDirectory: directory)
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        let service = SyncService(store: store, environments: [], logger: Self.quiet)
        let server = APIServer(
            configuration: APIServerConfiguration(host: "127.0.0.1", port: 0, environments: [], apiKeys: []), store: store,
            operations: ServeOperations(loaded: loaded, trigger: service), logger: Self.quiet)
        let base = try await server.start()
        do {
            let result = try await body(base.appendingPathComponent("v1/notifications/graph"))
            await server.stop()
            try? store.close()
            return result
        } catch {
            await server.stop()
            try? store.close()
            throw error
        }
    }

    /// A loopback server whose `POST /hook` is `handler`: what a wrong reverse-proxy target looks like.
    func withStub<T: Sendable>(
        _ handler: @escaping @Sendable (Request) async throws -> Response, _ body: @Sendable (URL) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.post("hook") { request, _ in try await handler(request) }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0); continuation.finish() }, logger: Self.quiet)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await app.run(); return nil }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            defer { group.cancelAll() }
            return try await body(URL(string: "http://127.0.0.1:\(port)/hook")!)
        }
    }

    @Test("the API's notification route answers the handshake: the check passes, the token decoded exactly")
    func receiverAnswers() async throws {
        try await VerifyCommandTests().withServer(try VerifyCommandTests().simulator()) { entra in
            try await withNotificationReceiver { url in
                let config = try writeConfig(authority: entra.authority, notifications: #"{ "Url": "\#(url.absoluteString)" }"#)
                let (outcome, check) = await verify(config)
                #expect(check["status"] as? String == "passed")
                #expect((check["detail"] as? String)?.contains("answered Graph's validation handshake") == true)
                #expect(outcome.exitCode == 0)

                let text = await VerifyCommand.execute(configPath: config, environmentName: "graph", mailbox: nil, json: false, language: .french)
                #expect(text.output.contains("✔ notifications: \(url.absoluteString) a répondu à la validation de Graph"))
            }
        }
    }

    @Test("nothing listening: the check fails at once with the cause and the fix; the other checks are unaffected")
    func closedPort() async throws {
        try await VerifyCommandTests().withServer(try VerifyCommandTests().simulator()) { entra in
            let config = try writeConfig(authority: entra.authority, notifications: #"{ "Url": "http://127.0.0.1:9/v1/notifications/graph" }"#)
            let started = ContinuousClock.now
            let (outcome, check) = await verify(config)
            // "At once": a refused connection, not a wait for a timeout (the detail below says which);
            // the bound only catches a hang, with room for a loaded 2-core machine.
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(check["status"] as? String == "failed")
            let detail = try #require(check["detail"] as? String)
            #expect(detail.contains("nothing answers at http://127.0.0.1:9/v1/notifications/graph"))
            #expect(detail.contains("start `prextra-sync serve` first"))
            #expect(outcome.exitCode == 1)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
            let checks = try #require(json["checks"] as? [[String: Any]])
            #expect(checks.contains { $0["name"] as? String == "token" && $0["status"] as? String == "passed" })

            let (_, french) = await verify(config, language: .french)
            #expect((french["detail"] as? String)?.contains("rien ne répond à http://127.0.0.1:9/v1/notifications/graph") == true)
        }
    }

    @Test("an address that answers 404 (a reverse proxy's path, or not prextra-sync) is named with its fix")
    func answers404() async throws {
        try await VerifyCommandTests().withServer(try VerifyCommandTests().simulator()) { entra in
            let url = URL(string: entra.authority)!.appendingPathComponent("no-such-receiver")
            let config = try writeConfig(authority: entra.authority, notifications: #"{ "Url": "\#(url.absoluteString)" }"#)
            let (outcome, check) = await verify(config)
            #expect(check["status"] as? String == "failed")
            #expect((check["detail"] as? String)?.contains("answered 404") == true)
            #expect((check["detail"] as? String)?.contains("/v1/notifications/graph") == true)
            #expect(outcome.exitCode == 1)
        }
    }

    @Test("an answer that is not the token, or not text/plain, fails: Graph would refuse the subscriptions")
    func wrongEcho() async throws {
        try await VerifyCommandTests().withServer(try VerifyCommandTests().simulator()) { entra in
            try await withStub({ _ in
                Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "OK")))
            }) { url in
                let config = try writeConfig(authority: entra.authority, notifications: #"{ "Url": "\#(url.absoluteString)" }"#)
                let (outcome, check) = await verify(config)
                #expect(check["status"] as? String == "failed")
                #expect((check["detail"] as? String)?.contains("answered 200 but not with the validation token") == true)
                #expect(outcome.exitCode == 1)
            }
            // The token, still encoded: the receiver forgot to decode it.
            try await withStub({ request in
                let raw = request.uri.query?.components(separatedBy: "validationToken=").last ?? ""
                return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: raw)))
            }) { url in
                let config = try writeConfig(authority: entra.authority, notifications: #"{ "Url": "\#(url.absoluteString)" }"#)
                let (_, check) = await verify(config)
                #expect((check["detail"] as? String)?.contains("not with the validation token") == true)
            }
            // The token as JSON.
            try await withStub({ request in
                let token = request.uri.queryParameters.get("validationToken") ?? ""
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: token)))
            }) { url in
                let config = try writeConfig(authority: entra.authority, notifications: #"{ "Url": "\#(url.absoluteString)" }"#)
                let (_, check) = await verify(config)
                #expect((check["detail"] as? String)?.contains("instead of text/plain") == true)
            }
        }
    }

    @Test("an answer slower than the deadline is reported as timed out")
    func timesOut() async throws {
        try await withStub({ _ in
            try await Task.sleep(for: .seconds(5))
            return Response(status: .ok)
        }) { url in
            let check = VerifyNotificationURLCheck(httpClient: OutboundHTTPClient.shared, language: .english, deadline: .milliseconds(300))
            let result = await check.handshake(with: url)
            #expect(result.status == .failed)
            #expect(result.detail.contains("timed out"))
        }
    }

    @Test("a Notifications:Url the configuration refused is a failed check naming the key and the fix; EWS needs none")
    func refusedURLAndEWS() async throws {
        try await VerifyCommandTests().withServer(try VerifyCommandTests().simulator()) { entra in
            let config = try writeConfig(authority: entra.authority, notifications: #"{ "Url": "http://sync.example.com/v1/notifications/graph" }"#)
            let (outcome, check) = await verify(config)
            #expect(check["status"] as? String == "failed")
            let detail = try #require(check["detail"] as? String)
            #expect(detail.hasPrefix("Notifications:Url "))
            #expect(detail.contains("Fix:"))
            #expect(detail.contains("polling"))
            #expect(outcome.exitCode == 1)

            let (_, french) = await verify(config, language: .french)
            #expect((french["detail"] as? String)?.contains("Correction :") == true)

            let (ews, ewsCheck) = await verify(config, "ews")
            #expect(ewsCheck["status"] as? String == "skipped")
            #expect(ews.output.contains("\"name\" : \"token\""))
        }
    }
}
