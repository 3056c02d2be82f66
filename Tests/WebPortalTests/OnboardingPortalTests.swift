import ExchangeSimulator
import Foundation
import Synchronization
import Onboarding
import ServiceConfiguration
import SimulatorTestSupport
import SyncAPI
import SyncStore
import Testing
import WebPortal

/// Issue 13: the onboarding pages over real HTTP on loopback, served beside the API, checked
/// live against the simulator's Entra ID, Graph and EWS, with a real SQLite store file.
@Suite("The onboarding pages")
struct OnboardingPortalTests {
    static let key = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }).base64EncodedString()

    final class OnboardedLog: Sendable {
        let entries = Mutex<[String]>([])
    }

    final class World: Sendable {
        let simulator: SimulatorFixture
        let store: SQLiteSyncStore
        let storePath: String
        let base: URL
        let token: String
        let browser: PageClient
        /// What the portal told the service: `environment mailbox`, per onboarding.
        let onboarded: OnboardedLog

        init(simulator: SimulatorFixture, store: SQLiteSyncStore, storePath: String, base: URL, token: String, onboarded: OnboardedLog) {
            self.onboarded = onboarded
            self.simulator = simulator
            self.store = store
            self.storePath = storePath
            self.base = base
            self.token = token
            browser = PageClient(base: base)
        }

        func get(_ path: String) async throws -> PageClient.Page { try await browser.get(path) }
        func post(_ path: String, form: [(String, String)]) async throws -> PageClient.Page { try await browser.post(path, form: form) }
        func send(_ method: String, _ path: String, body: String?, contentType: String = "application/x-www-form-urlencoded") async throws
            -> PageClient.Page
        {
            try await browser.send(method, path, body: body, contentType: contentType)
        }
    }

    /// A store, an invitation for `contoso`, and the API server with the onboarding pages, on
    /// the simulator's Graph seed.
    static func with(language: String = "fr", issuedAt: Date = Date(), _ body: (World) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-portal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("state.sqlite").path
        let store = try SQLiteSyncStore(path: storePath)
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { simulator in
            let (link, _) = try await InvitationIssuer(store: store, publicURL: URL(string: "https://sync.example.com")!, clock: { issuedAt })
                .invite(environment: "contoso", language: language)
            var submission = OnboardingSubmission(store: store, sealer: try CredentialSealer(base64Key: key), httpClient: SimulatorFixture.httpClient)
            let simulatorBase = simulator.baseURL
            submission.endpoints = MicrosoftEndpoints(
                authority: simulatorBase, ewsURL: simulatorBase.appendingPathComponent("EWS/Exchange.asmx"), graphURL: simulatorBase)
            let onboarded = OnboardedLog()
            let portal = OnboardingPortal(
                submission: submission, renderer: try await PageRenderer.load(), transport: TransportPolicy(servesTLS: false),
                guesses: TokenBucketRateLimiter(requestsPerSecond: 0.01, burst: 3)
            ) { environment, mailbox in
                onboarded.entries.withLock { $0.append("\(environment.name) \(mailbox)") }
            }
            let server = APIServer(
                configuration: APIServerConfiguration(port: 0, environments: [], apiKeys: []), store: store, operations: nil, extensions: [portal])
            let base = try await server.start()
            let world = World(simulator: simulator, store: store, storePath: storePath, base: base, token: link.lastPathComponent, onboarded: onboarded)
            do {
                try await body(world)
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    @Test("The guide opens in the invitation's language with the manifest to paste, switches language, and builds the consent link from the two IDs")
    func guide() async throws {
        try await Self.with(language: "fr") { world in
            let french = try await world.get("/onboarding/\(world.token)")
            #expect(french.status == 200)
            #expect(french.text.contains("<html lang=\"fr\">") && french.shows("Inscrire l'application"))
            #expect(french.text.contains("contoso"))
            #expect(french.text.contains("00000003-0000-0000-c000-000000000000") && french.text.contains("dc890d15-9560-4a4c-9b7f-a736ec74ec40"),
                    "the requiredResourceAccess for Graph and EWS")
            #expect(french.header("Cache-Control") == "no-store")
            #expect(french.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
            #expect(french.header("X-Frame-Options") == "DENY" && french.header("Referrer-Policy") == "no-referrer")
            #expect(!french.text.contains("<script"), "no script")

            let english = try await world.get("/onboarding/\(world.token)?lang=en")
            #expect(english.text.contains("<html lang=\"en\">") && english.text.contains("Register the application"))

            let consent = try await world.get(
                "/onboarding/\(world.token)?lang=en&tenant=\(SimulatorFixture.contosoTenant)&app=\(SimulatorFixture.contosoApp)")
            let link = "\(world.simulator.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")))/\(SimulatorFixture.contosoTenant)/adminconsent?client_id=\(SimulatorFixture.contosoApp)"
            #expect(consent.text.contains(link), "the admin consent link, built from the tenant and the app")
            #expect(consent.text.contains("value=\"\(SimulatorFixture.contosoTenant)\""), "the form is filled in with them")

            let style = try await world.get("/onboarding/style.css")
            #expect(style.status == 200 && style.header("Content-Type")?.hasPrefix("text/css") == true)
        }
    }

    @Test("A wrong secret is explained in French with AADSTS7000215; the form keeps its values but not the secret, and nothing is stored")
    func wrongSecretInFrench() async throws {
        let wrong = "faux-secret~0123456789abcdefghij"
        try await Self.with(language: "fr") { world in
            let page = try await world.post("/onboarding/\(world.token)", form: [
                ("tenantId", SimulatorFixture.contosoTenant), ("applicationId", SimulatorFixture.contosoApp), ("credential", "secret"),
                ("clientSecret", wrong), ("mailbox", SimulatorFixture.alice.rawValue),
            ])
            #expect(page.status == 422)
            #expect(page.text.contains("AADSTS7000215"))
            #expect(page.shows("Rien n'a été enregistré"), "said in French")
            #expect(page.text.contains("value=\"\(SimulatorFixture.contosoApp)\"") && page.text.contains("value=\"\(SimulatorFixture.alice.rawValue)\""))
            #expect(!page.text.contains(wrong), "the secret is never shown back")
            #expect(try await world.store.onboardedEnvironments().isEmpty)
            let again = try await world.get("/onboarding/\(world.token)")
            #expect(again.status == 200, "the link still works")
            let file = try Data(contentsOf: URL(fileURLWithPath: world.storePath))
            #expect(file.range(of: Data(wrong.utf8)) == nil)
        }
    }

    @Test("Bad input is named next to each field, and nothing is tried or stored")
    func badInput() async throws {
        try await Self.with(language: "en") { world in
            let page = try await world.post("/onboarding/\(world.token)", form: [
                ("tenantId", "not a tenant"), ("applicationId", "1234"), ("credential", "secret"), ("clientSecret", ""),
                ("clientSecretExpiresOn", "2027-02-30"), ("mailbox", "alice"),
            ])
            #expect(page.status == 422)
            for field in ["tenantId", "applicationId", "clientSecret", "clientSecretExpiresOn", "mailbox"] {
                #expect(page.text.contains("id=\"\(field)-error\""), "a message next to \(field)")
                #expect(page.text.contains("id=\"\(field)\" name=\"\(field)\"") )
            }
            #expect(world.simulator.identity.tokenRequestCount(tenantId: SimulatorFixture.contosoTenant) == 0)
            #expect(try await world.store.onboardedEnvironments().isEmpty)

            let noCertificate = try await world.post("/onboarding/\(world.token)", form: [
                ("tenantId", SimulatorFixture.contosoTenant), ("applicationId", SimulatorFixture.contosoApp), ("credential", "certificate"),
                ("mailbox", SimulatorFixture.alice.rawValue),
            ])
            #expect(noCertificate.status == 422 && noCertificate.text.contains("Make the certificate first"))
        }
    }

    @Test("With the certificate the service made: downloaded, uploaded to the app, checked, stored sealed; the link is then spent")
    func certificate() async throws {
        try await Self.with(language: "en") { world in
            let download = try await world.send("POST", "/onboarding/\(world.token)/certificate", body: "")
            #expect(download.status == 200)
            #expect(download.header("Content-Type") == "application/pkix-cert")
            #expect(download.header("Content-Disposition") == "attachment; filename=\"prextra-sync-contoso.cer\"")
            #expect(!download.text.contains("PRIVATE KEY") && download.body.first == 0x30, "a DER certificate, no key")

            let guide = try await world.get("/onboarding/\(world.token)")
            #expect(guide.text.contains("id=\"thumbprint\""), "the guide shows the certificate's thumbprint")
            let again = try await world.get("/onboarding/\(world.token)/certificate")
            #expect(again.body == download.body, "the same certificate downloads again")

            // The customer uploads the .cer under "Certificates & secrets".
            let pem = "-----BEGIN CERTIFICATE-----\n" + download.body.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
                + "\n-----END CERTIFICATE-----"
            world.simulator.identity.updateApp(tenantId: SimulatorFixture.contosoTenant, clientId: SimulatorFixture.contosoApp) { app in
                app.certificates.append(CertificateSeed(certificatePEM: pem))
            }
            let done = try await world.post("/onboarding/\(world.token)", form: [
                ("tenantId", SimulatorFixture.contosoTenant), ("applicationId", SimulatorFixture.contosoApp), ("credential", "certificate"),
                ("mailbox", "Alice@Contoso.example"),
            ])
            #expect(done.status == 200, "\(done.text)")
            #expect(done.text.contains("Your tenant is connected") && done.text.contains("Microsoft Graph"))
            let stored = try await world.store.onboardedEnvironments()
            #expect(stored.map(\.name) == ["contoso"] && stored.first?.credentialKind == .certificate)
            #expect(stored.first?.credentialExpiresAt != nil)
            let file = try Data(contentsOf: URL(fileURLWithPath: world.storePath))
            #expect(file.range(of: Data("PRIVATE KEY".utf8)) == nil, "the private key is sealed in the store file")

            #expect(world.onboarded.entries.withLock { $0 } == ["contoso alice@contoso.example"], "the service is told, the address lower-cased")
            let spent = try await world.get("/onboarding/\(world.token)")
            #expect(spent.status == 410 && spent.text.contains("already been used"))
        }
    }

    @Test("The environment comes from the invitation, never from the form")
    func environmentFromTheInvitation() async throws {
        try await Self.with(language: "en") { world in
            let done = try await world.post("/onboarding/\(world.token)", form: [
                ("environment", "fabrikam"), ("tenantId", SimulatorFixture.contosoTenant), ("applicationId", SimulatorFixture.contosoApp),
                ("credential", "secret"), ("clientSecret", SimulatorFixture.contosoSecret), ("clientSecretExpiresOn", "2027-06-30"),
                ("mailbox", SimulatorFixture.alice.rawValue),
            ])
            #expect(done.status == 200)
            let stored = try await world.store.onboardedEnvironments()
            #expect(stored.map(\.name) == ["contoso"])
            #expect(stored.first?.credentialExpiresAt.map { OnboardingPortal.day($0) } == "2027-06-30", "the secret's expiry, as given, for the alerts")
            #expect(done.text.contains("2027-06-30"))
        }
    }

    @Test("Unknown, spent and expired links are refused; guessing is rate-limited; oversized and non-form bodies are refused")
    func refusals() async throws {
        try await Self.with(language: "en") { world in
            let tooBig = try await world.send(
                "POST", "/onboarding/\(world.token)", body: "tenantId=" + String(repeating: "a", count: 64 * 1024))
            #expect(tooBig.status == 413)
            let json = try await world.send("POST", "/onboarding/\(world.token)", body: "{}", contentType: "application/json")
            #expect(json.status == 415 && json.text.contains("not the page"))

            let unknown = String(repeating: "A", count: 43)
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await world.get("/onboarding/\(unknown)").status) }
            #expect(statuses == [404, 404, 404, 429, 429], "three guesses, then the address waits")
            let limited = try await world.get("/onboarding/\(world.token)")
            #expect(limited.status == 429, "even the right link waits once the address is limited")
        }
        // Issued eight days ago, valid seven.
        try await Self.with(language: "en", issuedAt: Date().addingTimeInterval(-8 * 86_400)) { world in
            let expired = try await world.get("/onboarding/\(world.token)")
            #expect(expired.status == 410 && expired.text.contains("expired"))
        }
    }

    @Test("Plain HTTP is accepted from loopback only, unless serve terminates TLS")
    func transport() {
        let plain = TransportPolicy(servesTLS: false)
        #expect(plain.allows(remoteAddress: "127.0.0.1") && plain.allows(remoteAddress: "::1") && plain.allows(remoteAddress: "::ffff:127.0.0.1"))
        #expect(!plain.allows(remoteAddress: "203.0.113.7") && !plain.allows(remoteAddress: "10.0.0.2") && !plain.allows(remoteAddress: nil))
        #expect(TransportPolicy(servesTLS: true).allows(remoteAddress: "203.0.113.7"))
    }
}
