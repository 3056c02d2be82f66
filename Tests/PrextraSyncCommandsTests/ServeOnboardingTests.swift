import AsyncHTTPClient
import ChildProcessSupport
import ExchangeSimulator
import HTTPTestSupport
import Foundation
import NIOCore
import SimulatorTestSupport
import Testing

/// Issue 13 through the real processes: the vendor runs `onboard invite`, the customer's IT
/// completes the onboarding page of a running `serve` (a wrong secret first, then the right
/// one), and the environment then synchronizes, with no configuration file edit and no restart;
/// after a restart it still runs, from the store.
@Suite(
    "serve and self-service onboarding",
    .enabled(if: ExecutableTests.executable != nil, "build the prextra-sync product first (swift build)"))
struct ServeOnboardingTests {
    static let apiKey = "onboarding-test-api-key-0123456789abcd"
    static let secretsKey = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 * 11 + 1) }).base64EncodedString()

    static func configuration(_ simulator: SimulatorFixture, port: Int, webhook: URL, in directory: URL) throws -> String {
        let base = simulator.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        try (secretsKey + "\n").write(to: directory.appendingPathComponent("secrets.key"), atomically: true, encoding: .utf8)
        let json = """
            {
              "Exchange": [],
              "PrextraSync": {
                "Store": { "Kind": "Sqlite", "Path": "state.sqlite" },
                "Listen": "127.0.0.1:\(port)",
                "SyncInterval": "1h",
                "ApiKeys": [ { "Name": "erp", "Key": "\(apiKey)" } ],
                "PublicUrl": "http://127.0.0.1:\(port)",
                "SecretsKeyFile": "secrets.key",
                "Onboarding": { "Authority": "\(base)", "GraphUrl": "\(base)", "EwsUrl": "\(base)/EWS/Exchange.asmx" },
                "Webhook": { "Url": "\(webhook.absoluteString)", "SigningSecret": "whsec-onboarding-0123456789" }
              }
            }
            """
        let file = directory.appendingPathComponent("appsettings.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func post(_ url: String, form: [(String, String)]) async throws -> (status: Int, text: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")))
        let response = try await SimulatorFixture.httpClient.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    @Test("invite, a wrong secret refused in French, the right one accepted; the environment syncs at once and again after a restart")
    func onboardWhileServing() async throws {
        let executable = try #require(ExecutableTests.executable)
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { simulator in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-serve-onboard-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let port = try ServeProcess.freePort()
            let receiver = WebhookReceiver(failures: 0)
            let webhook = try await receiver.start()
            defer { Task { await receiver.stop() } }
            let config = try Self.configuration(simulator, port: port, webhook: webhook, in: directory)

            let invite = try await ChildProcess.run(
                executable, arguments: ["onboard", "invite", "--config", config, "--environment", "contoso", "--lang", "fr", "--json"])
            #expect(invite.status == 0, "\(invite.standardError)")
            let link = try #require(
                (try JSONSerialization.jsonObject(with: Data(invite.standardOutput.utf8)) as? [String: Any])?["link"] as? String)

            let log = directory.appendingPathComponent("serve.log")
            var serve = try await ServeProcess.start(executable: executable, config: config, port: port, log: log)
            do {
                let form: [(String, String)] = [
                    ("tenantId", SimulatorFixture.contosoTenant), ("applicationId", SimulatorFixture.contosoApp), ("credential", "secret"),
                    ("mailbox", SimulatorFixture.alice.rawValue),
                ]
                let wrong = try await Self.post(link, form: form + [("clientSecret", "faux-secret~0123456789abcdefghij")])
                #expect(wrong.status == 422 && wrong.text.contains("AADSTS7000215"))
                let before = try await serve.request("GET", "/v1/environments/contoso/mailboxes", key: Self.apiKey)
                #expect(before.status == 404, "not an environment yet")

                let done = try await Self.post(link, form: form + [("clientSecret", SimulatorFixture.contosoSecret)])
                #expect(done.status == 200, "\(done.text)")
                #expect(done.text.contains("contoso"))

                // No file edit, no restart: the API serves it and the ERP's task reaches alice's Outlook.
                let put = try await serve.request(
                    "PUT", "/v1/environments/contoso/tasks/T-1", key: Self.apiKey,
                    body: #"{"fields":{"subject":"Onboarded and synchronized"},"owners":["alice@contoso.example"]}"#)
                #expect(put.status == 201, "\(String(decoding: put.body, as: UTF8.self))")
                try await ServeNotificationTests.eventually("the task in alice's Outlook") {
                    try simulator.exchange.items(in: SimulatorFixture.alice.rawValue, folder: "tasks").contains { $0.subject == "Onboarded and synchronized" }
                }
                // verify runs for it, through the API, with the credential the customer gave.
                let verified = try await serve.request("POST", "/v1/environments/contoso/verify", key: Self.apiKey)
                #expect(verified.status == 200 && verified.json["succeeded"] as? Bool == true, "\(String(decoding: verified.body, as: UTF8.self))")
                // The vendor heard of it through the webhook, with no secret in the event.
                try await ServeNotificationTests.eventually("the environment.onboarded event") {
                    receiver.accepted.contains { $0.eventType == "environment.onboarded" }
                }
                let event = try #require(receiver.accepted.first { $0.eventType == "environment.onboarded" })
                let text = String(decoding: event.body, as: UTF8.self)
                #expect(text.contains(SimulatorFixture.contosoTenant) && text.contains("\"api\":\"graph\"") && !text.contains(SimulatorFixture.contosoSecret))
            } catch {
                await serve.stop()
                throw error
            }
            await serve.stop()

            // After a restart the environment runs from the store.
            serve = try await ServeProcess.start(executable: executable, config: config, port: port, log: log)
            do {
                let mailboxes = try await serve.request("GET", "/v1/environments/contoso/mailboxes", key: Self.apiKey)
                #expect(mailboxes.status == 200 && String(decoding: mailboxes.body, as: UTF8.self).contains(SimulatorFixture.alice.rawValue))
            } catch {
                await serve.stop()
                throw error
            }
            await serve.stop()
            let output = try String(contentsOf: log, encoding: .utf8)
            #expect(output.contains("environment onboarded"))
            #expect(!output.contains(SimulatorFixture.contosoSecret) && !output.contains(Self.secretsKey), "no secret in the log")
            #expect(!output.contains(link.split(separator: "/").last.map(String.init) ?? "-"), "nor the link's token")
        }
    }
}
