import Foundation
import Onboarding
import ServiceConfiguration
import Synchronization
import SyncAPI
import SyncEngine
import SyncStore
import Testing
import WebPortal

/// Issue 13: the operator dashboard over real HTTP on loopback, on a real SQLite store file:
/// sign-in with an API key and a session cookie, every page, the actions (retry, dismiss, sync
/// now, an invitation), and the refusals (no CSRF token, a planted session id, a scoped key,
/// guessed keys, a signed-out session).
@Suite("The operator dashboard")
struct DashboardTests {
    static let opsKey = "ops-key-0123456789abcdefghijklmnop"
    static let scopedKey = "erp-key-0123456789abcdefghijklmnop"
    static let jane = MailboxAddress("jane@prextra.example")

    /// What the dashboard asked the running service to do.
    final class Operations: SyncOperations {
        let requests = Mutex<[String]>([])
        func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
            requests.withLock { $0.append("\(environment) \(mailbox?.rawValue ?? "-")") }
            return SyncRequestReceipt(environment: environment, mailboxes: mailbox.map { [$0.rawValue] } ?? [])
        }
        func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
            VerificationSummary(
                environment: environment, succeeded: false,
                checks: [.init(name: "token", status: "failed", detail: "invalid_client (AADSTS7000215)")],
                diagnostics: [
                    .init(code: "secret-invalid", severity: "error", upstreamCode: "AADSTS7000215", what: "The secret was refused.",
                          cause: "A typo, or the secret's ID.", fix: "Create a new secret.")
                ])
        }
        func isReady() async -> Bool { true }
        func environmentFacts() async -> [EnvironmentFacts] {
            [
                EnvironmentFacts(
                    name: "prextra", api: "graph", credentialExpiresOn: Date().addingTimeInterval(20.5 * 86_400), usesExchangeOnlineEWS: false,
                    pollInterval: 3_600),
                EnvironmentFacts(
                    name: "autreClient", api: "ews", credentialExpiresOn: Date().addingTimeInterval(400 * 86_400), usesExchangeOnlineEWS: true,
                    throttledUntil: Date().addingTimeInterval(120)),
            ]
        }
    }

    struct World {
        var store: SQLiteSyncStore
        var storePath: String
        var base: URL
        var operations: Operations
        /// The dashboard's clock: now, moved on by `advance`.
        var clock: WorldClock
        func browser(language: String? = nil) -> PageClient { PageClient(base: base, language: language) }
    }

    /// A clock a test moves forward (the dashboard reads it for session expiry).
    final class WorldClock: Sendable {
        private let offset = Mutex<TimeInterval>(0)
        func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }
        func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
    }

    static func with(_ body: (World) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-dashboard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("state.sqlite").path
        let store = try SQLiteSyncStore(path: storePath)
        let keys = [
            APIKeyConfiguration(name: "ops", key: Secret(opsKey), source: .inline, environments: nil),
            APIKeyConfiguration(name: "erp", key: Secret(scopedKey), source: .inline, environments: ["prextra"]),
        ]
        let served = ServedEnvironments(["prextra", "autreClient"])
        let operations = Operations()
        let clock = WorldClock()
        let dashboard = DashboardPortal(
            store: store, served: served, operations: operations, apiKeys: keys, renderer: try await PageRenderer.load(),
            transport: TransportPolicy(servesTLS: false),
            issuer: InvitationIssuer(store: store, publicURL: URL(string: "https://sync.example.com")!),
            signIns: TokenBucketRateLimiter(requestsPerSecond: 0.01, burst: 3), clock: { clock.now() })
        let server = APIServer(
            configuration: APIServerConfiguration(port: 0, environments: ["prextra", "autreClient"], apiKeys: keys), store: store,
            operations: operations, served: served, extensions: [dashboard])
        let base = try await server.start()
        try await seed(store)
        do {
            try await body(World(store: store, storePath: storePath, base: base, operations: operations, clock: clock))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Jane's mailbox with a refused write, two decisions and a conflict; 60 mailboxes in all.
    static func seed(_ store: SQLiteSyncStore) async throws {
        for index in 0..<59 { try await store.enrolMailbox(environment: "prextra", address: MailboxAddress("user\(index)@prextra.example")) }
        try await store.enrolMailbox(environment: "prextra", address: jane)
        try await store.enrolMailbox(environment: "autreClient", address: MailboxAddress("paul@autre.example"))
        _ = try await store.upsertRecord(
            environment: "prextra", record: RecordKey(.appointment, "A1"), fields: ["subject": .text("Review")], owners: [jane], ifMatch: nil)
        var work = UnitOfWork(environment: "prextra")
        work.recordRefusedWrite(
            RefusedWrite(
                mailbox: jane, record: RecordKey(.appointment, "A1"), itemID: "AAMk-1", operation: "update",
                code: "ErrorCalendarEndDateIsEarlierThanStartDate", message: "EndDate is earlier than StartDate",
                remedy: "Correct the times in the ERP.", maxAttempts: 3))
        work.logDecision(Decision(mailbox: jane, record: RecordKey(.contact, "C1"), itemID: "I1", action: .create, target: .outlook, reason: "new record owned by the mailbox"))
        work.logDecision(Decision(mailbox: jane, record: RecordKey(.contact, "C1"), itemID: "I1", action: .update, target: .crm, fields: ["surname"], reason: "edited in Outlook"))
        work.recordConflict(Conflict(
            mailbox: jane, record: RecordKey(.contact, "C1"), itemID: "I1",
            fields: [ConflictField(name: "surname", base: .text("Doe"), crm: .text("Dupont"), outlook: .text("Durand"))], policy: "crm-wins", winner: .crm))
        _ = try await store.commit(work)
    }

    /// Signs in with `key` through the sign-in form; the browser then holds the session cookie.
    static func signIn(_ browser: PageClient, key: String) async throws -> PageClient.Page {
        let form = try await browser.get("/dashboard/sign-in")
        let csrf = try #require(form.hiddenField("csrf"))
        return try await browser.post("/dashboard/sign-in", form: [("csrf", csrf), ("key", key)])
    }

    @Test("Signing in gives a new HttpOnly, SameSite=Strict session; a page asked for before goes to the sign-in; signing out ends it")
    func signInAndOut() async throws {
        try await Self.with { world in
            let browser = world.browser()
            let before = try await browser.get("/dashboard")
            #expect(before.status == 303 && before.header("Location") == "/dashboard/sign-in")

            // A session id planted before sign-in (fixation) is never the one signed in.
            let planted = String(repeating: "P", count: 43)
            browser.cookies.withLock { $0["prextra_session"] = planted }
            let signedIn = try await Self.signIn(browser, key: Self.opsKey)
            #expect(signedIn.status == 303 && signedIn.header("Location") == "/dashboard")
            let cookie = try #require(signedIn.headers("Set-Cookie").first { $0.hasPrefix("prextra_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/dashboard"))
            #expect(!cookie.contains("Secure"), "plain HTTP on loopback: no Secure flag")
            let session = try #require(browser.cookies.withLock { $0["prextra_session"] })
            #expect(session != planted)
            let attacker = PageClient(base: world.base)
            attacker.cookies.withLock { $0["prextra_session"] = planted }
            #expect(try await attacker.get("/dashboard").status == 303, "the planted id opens nothing")

            let overview = try await browser.get("/dashboard")
            #expect(overview.status == 200 && overview.text.contains("prextra") && overview.text.contains("autreClient"))
            #expect(!overview.text.contains(Self.opsKey), "the key is never shown")

            let csrf = try #require(overview.hiddenField("csrf"))
            let out = try await browser.post("/dashboard/sign-out", form: [("csrf", csrf)])
            #expect(out.status == 303 && out.header("Location") == "/dashboard/sign-in")
            let stale = PageClient(base: world.base)
            stale.cookies.withLock { $0["prextra_session"] = session }
            #expect(try await stale.get("/dashboard").status == 303, "the session ended in the store")
        }
    }

    @Test("A session ends after 30 minutes without a page, however often it was used before, and 8 hours after sign-in in any case")
    func sessionsExpireWhenIdleAndAfterEightHours() async throws {
        try await Self.with { world in
            let browser = world.browser()
            _ = try await Self.signIn(browser, key: Self.opsKey)
            // Used every 25 minutes: still signed in after two hours.
            for _ in 0..<5 {
                world.clock.advance(25 * 60)
                #expect(try await browser.get("/dashboard").status == 200)
            }
            world.clock.advance(31 * 60)
            let idle = try await browser.get("/dashboard")
            #expect(idle.status == 303 && idle.header("Location") == "/dashboard/sign-in", "31 minutes idle")

            _ = try await Self.signIn(browser, key: Self.opsKey)
            for _ in 0..<19 {  // 19 × 25 min = 7 h 55 min
                world.clock.advance(25 * 60)
                #expect(try await browser.get("/dashboard").status == 200)
            }
            world.clock.advance(6 * 60)
            #expect(try await browser.get("/dashboard").status == 303, "8 hours after sign-in, however busy")
        }
    }

    @Test("The overview shows each environment's health and API, and the alerts: failed items, an expiring credential, EWS on Exchange Online")
    func overview() async throws {
        try await Self.with { world in
            let browser = world.browser()
            _ = try await Self.signIn(browser, key: Self.opsKey)
            let page = try await browser.get("/dashboard")
            #expect(page.text.contains("1 item(s) refused by the server"))
            #expect(page.text.contains("credential expires in 20 days"))
            #expect(page.text.contains("uses EWS on Exchange Online"))
            #expect(page.text.contains("is throttled by Microsoft: its cycles wait until"))
            #expect(page.text.contains("Microsoft Graph") && page.text.contains("(20 days left)"))
            #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        }
    }

    @Test("Mailboxes are paginated with who holds them; sync now asks the service; the trace explains a record")
    func environmentPages() async throws {
        try await Self.with { world in
            let browser = world.browser()
            _ = try await Self.signIn(browser, key: Self.opsKey)
            let first = try await browser.get("/dashboard/environments/prextra")
            #expect(first.status == 200 && first.text.contains("Page 1 / 2") && first.text.contains("/dashboard/environments/prextra?page=2"))
            let second = try await browser.get("/dashboard/environments/prextra?page=2")
            #expect(second.text.contains("user9@prextra.example") || second.text.contains("jane@prextra.example"))
            #expect(second.text.contains("no worker"), "held by nobody: no service runs in this test")
            #expect(first.text.contains("Next cycle (at the latest)") && first.text.contains("<td>soon</td>"), "never tried: its first cycle comes soon")

            let csrf = try #require(first.hiddenField("csrf"))
            let sync = try await browser.post("/dashboard/environments/prextra/mailboxes/jane%40prextra.example/sync", form: [("csrf", csrf)])
            #expect(sync.status == 303)
            #expect(world.operations.requests.withLock { $0 } == ["prextra jane@prextra.example"])
            let done = try await browser.get(try #require(sync.header("Location")))
            #expect(done.text.contains("A cycle was asked for."))

            let trace = try await browser.get("/dashboard/environments/prextra/trace?entity=contact&id=C1")
            #expect(trace.text.contains("edited in Outlook") && trace.text.contains("new record owned by the mailbox"))
            #expect(trace.text.contains("surname") && trace.text.contains("crm-wins"))
            let none = try await browser.get("/dashboard/environments/prextra/trace?entity=task&id=T9")
            #expect(none.text.contains("No decision recorded"))
            let verified = try await browser.post("/dashboard/environments/prextra/verify", form: [("csrf", csrf)])
            #expect(verified.status == 200 && verified.text.contains("AADSTS7000215") && verified.text.contains("Create a new secret."))
            #expect(try await browser.post("/dashboard/environments/prextra/verify", form: []).status == 403, "no CSRF token, no check")
            let conflicts = try await browser.get("/dashboard/environments/prextra/conflicts")
            #expect(conflicts.status == 200 && conflicts.text.contains("contact/C1"))
        }
    }

    @Test("Retry and dismiss act on a failed item with the form's CSRF token, and are refused without it")
    func retryAndDismiss() async throws {
        try await Self.with { world in
            let browser = world.browser()
            _ = try await Self.signIn(browser, key: Self.opsKey)
            let page = try await browser.get("/dashboard/environments/prextra")
            #expect(page.text.contains("EndDate is earlier than StartDate") && page.text.contains("Correct the times in the ERP."))
            let id = try #require(try await world.store.failedItems(environment: "prextra", mailbox: nil).first?.id)

            let forged = try await browser.post("/dashboard/environments/prextra/failures/\(id)/dismiss", form: [("csrf", "forged")])
            #expect(forged.status == 403)
            let missing = try await browser.post("/dashboard/environments/prextra/failures/\(id)/dismiss", form: [])
            #expect(missing.status == 403)
            #expect(try await world.store.failedItems(environment: "prextra", mailbox: nil).count == 1, "nothing done without the token")

            let csrf = try #require(page.hiddenField("csrf"))
            let retried = try await browser.post("/dashboard/environments/prextra/failures/\(id)/retry", form: [("csrf", csrf)])
            #expect(retried.status == 303)
            #expect(try await world.store.failedItem(environment: "prextra", id: id)?.attempts == 0)
            let dismissed = try await browser.post("/dashboard/environments/prextra/failures/\(id)/dismiss", form: [("csrf", csrf)])
            #expect(dismissed.status == 303)
            #expect(try await world.store.failedItems(environment: "prextra", mailbox: nil).isEmpty)
        }
    }

    @Test("A key scoped to one environment sees only that one, and cannot manage invitations")
    func scopedKey() async throws {
        try await Self.with { world in
            let browser = world.browser()
            _ = try await Self.signIn(browser, key: Self.scopedKey)
            let overview = try await browser.get("/dashboard")
            #expect(overview.text.contains("/dashboard/environments/prextra") && !overview.text.contains("autreClient"))
            #expect(try await browser.get("/dashboard/environments/autreClient").status == 403)
            #expect(try await browser.get("/dashboard/environments/nowhere").status == 403, "refused before saying whether it exists")
            #expect(try await browser.get("/dashboard/invitations").status == 403)
        }
    }

    @Test("Guessed keys are refused, then rate-limited; the sign-in form needs its own token")
    func bruteForce() async throws {
        try await Self.with { world in
            let other = world.browser()
            let noToken = try await other.post("/dashboard/sign-in", form: [("key", Self.opsKey)])
            #expect(noToken.status == 403, "a sign-in posted from elsewhere has no token")

            let browser = world.browser()
            var statuses: [Int] = []
            for attempt in 0..<5 { statuses.append(try await Self.signIn(browser, key: "guess-\(attempt)-0123456789abcdefghij").status) }
            #expect(statuses == [401, 401, 401, 429, 429])
            #expect(try await Self.signIn(browser, key: Self.opsKey).status == 429, "even the right key waits")
        }
    }

    @Test("An invitation is made from the dashboard and its link shown once; a bad name is named next to the field, nothing stored")
    func invitations() async throws {
        try await Self.with { world in
            let browser = world.browser()
            _ = try await Self.signIn(browser, key: Self.opsKey)
            let page = try await browser.get("/dashboard/invitations")
            let csrf = try #require(page.hiddenField("csrf"))
            let bad = try await browser.post("/dashboard/invitations", form: [("csrf", csrf), ("environment", "not a name"), ("language", "fr"), ("days", "7")])
            #expect(bad.status == 422 && bad.text.contains("id=\"environment-error\""))
            #expect(try await world.store.invitations().isEmpty)
            let made = try await browser.post("/dashboard/invitations", form: [("csrf", csrf), ("environment", "fabrikam"), ("language", "en"), ("days", "3")])
            #expect(made.status == 200 && made.text.contains("https://sync.example.com/onboarding/"))
            let stored = try await world.store.invitations()
            #expect(stored.map(\.environment) == ["fabrikam"] && stored.first?.language == "en")
            let listed = try await browser.get("/dashboard/invitations")
            #expect(listed.text.contains("fabrikam") && !listed.text.contains("https://sync.example.com/onboarding/"), "the link is shown only once")
        }
    }

    @Test("The pages speak French when the browser asks for it, and the language can be switched")
    func french() async throws {
        try await Self.with { world in
            let browser = world.browser(language: "fr-FR,fr;q=0.9")
            let signIn = try await browser.get("/dashboard/sign-in")
            #expect(signIn.text.contains("<html lang=\"fr\">") && signIn.text.contains("Se connecter"))
            _ = try await Self.signIn(browser, key: Self.opsKey)
            let overview = try await browser.get("/dashboard")
            #expect(overview.shows("élément(s) refusé(s) par le serveur"))
            let switched = try await browser.get("/dashboard/language?lang=en&back=/dashboard")
            #expect(switched.status == 303 && switched.header("Location") == "/dashboard")
            #expect(try await browser.get("/dashboard").text.contains("<html lang=\"en\">"))
            let away = try await browser.get("/dashboard/language?lang=en&back=https://evil.example")
            #expect(away.header("Location") == "/dashboard", "never sent elsewhere")
        }
    }
}
