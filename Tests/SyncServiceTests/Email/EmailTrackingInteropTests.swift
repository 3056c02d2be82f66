import ChildProcessSupport
import ExchangeSimulator
import Foundation
import MicrosoftIdentity
import SimulatorTestSupport
import SyncEngine
import SyncService
import Testing

/// A user sends mail with an attachment to a CRM contact and mail to someone else, then receives
/// the contact's reply, through exchangelib (EWS) and through msgraph-sdk (Graph), driving
/// `scripts/email_interop.py` from the repository's `.venv`. The service's reader and planner then
/// see each message once, the reply linked to the message it answers, the attachment's metadata on
/// the record, and nothing of the mail with no CRM contact.
/// Skipped when the `.venv` lacks the clients, unless `PREXTRA_REQUIRE_INTEROP` is set.
@Suite(
    "E-mail tracking through exchangelib and msgraph-sdk",
    .enabled(
        if: EmailInteropEnvironment.python != nil || ProcessInfo.processInfo.environment["PREXTRA_REQUIRE_INTEROP"] != nil,
        "the repository's .venv has no exchangelib/msgraph-sdk (run scripts/test.sh)"))
struct EmailTrackingInteropTests {
    static let contact = "client@fabrikam.example"
    /// What the script attaches to the quote (`QUOTE_NAME`, `QUOTE_TYPE`, `QUOTE_CONTENT`).
    static let quoteAttachment = EmailAttachment(
        name: "quote.pdf", contentType: "application/pdf", size: "%PDF-1.7 quote for the interop test".utf8.count)

    @Test(arguments: ["exchangelib", "msgraph"])
    func aMessageToACRMContactAndItsReplyAreTrackedOnceAndLinked(client: String) async throws {
        let python = try #require(EmailInteropEnvironment.python, "the .venv needs exchangelib and msgraph-sdk (scripts/python-requirements.txt)")
        var seed = SimulatorSeed.demo
        seed.tenants[0].apps[0].roles["graph", default: []].append("Mail.Send")
        try await SimulatorFixture.with(seed: seed) { fixture in
            let identity = try EnvironmentIdentity(fixture.environment)
            let resource = client == "exchangelib" ? identity.ewsResource : TokenResource.graph(in: identity.registration.cloud)
            let token = try await fixture.tokenProviders.provider(for: identity.registration, resource: resource).accessToken().value
            let run = try await ChildProcess.run(
                python,
                arguments: [
                    EmailInteropEnvironment.repository.appendingPathComponent("scripts/email_interop.py").path,
                    "--client", client, "--base-url", fixture.baseURL.absoluteString, "--mailbox", SimulatorFixture.alice.rawValue,
                    "--contact", Self.contact, "--token", token,
                ],
                mergingErrors: true)
            let text = run.standardOutput
            #expect(run.status == 0, "\(text)")
            #expect(text.contains("all checks passed"), "\(text)")
            #expect(!text.contains(token), "the token never reaches the output")
            let sentLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("sent <") })
            let sentID = try #require(InternetMessageID(String(sentLine.dropFirst("sent ".count))))

            let reader = EWSMailFolderReader(client: try fixture.connector().client)
            var observed: [ObservedEmail] = []
            for folder in EmailFolder.allCases {
                var cursor: String?
                var page: EmailFolderPage
                repeat {
                    page = try await reader.read(folder, of: SimulatorFixture.alice, cursor: cursor, receivedSince: .distantPast)
                    observed += page.messages
                    cursor = page.nextCursor
                } while page.hasMore
            }
            let planner = EmailTrackingPlanner(
                rules: EmailTrackingRules(mode: .crmContacts),
                contacts: EmailContactDirectory(contacts: [(RecordID(rawValue: "contact-7"), [Self.contact])], excluding: [SimulatorFixture.alice]),
                enrolledMailboxes: [SimulatorFixture.alice, SimulatorFixture.bob])
            let plan = planner.plan(observed, ledger: TrackedEmailLedger())
            let tracked = plan.trackedEmails
            #expect(tracked.map(\.internetMessageID) == [sentID, InternetMessageID("<reply-\(client)@fabrikam.example>")!])
            #expect(tracked.last?.inReplyTo == sentID, "the reply is linked to the message it answers")
            #expect(tracked.last?.conversationID == tracked.first?.conversationID)
            #expect(tracked.map(\.direction) == [.outbound, .inbound])
            #expect(!tracked.contains { $0.subject?.hasPrefix("Lunch") == true }, "mail with no CRM contact is not tracked")
            #expect(plan.skipped.count == 1)
            #expect(tracked.first?.attachments == [Self.quoteAttachment], "EWS reads the attachment's metadata")
            #expect(tracked.last?.attachments == [])

            // The sent message through the reader of the client's own API, into a real store.
            let (store, directory) = try await EmailTrackerTests.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            let ownReader: any EmailFolderReading =
                client == "exchangelib" ? reader : GraphMailFolderReader(client: try fixture.graphConnector().client)
            let tracker = EmailTracker(store: store, reader: ownReader, environment: "contoso", planner: planner, lookbackDays: 30)
            #expect(try await tracker.track(SimulatorFixture.alice, now: Date()).created == 2)
            let records = try await store.trackedEmails(environment: "contoso", after: 0, limit: 10)
            let quote = try #require(records.first { $0.fields["internetMessageId"] == .text(sentID.rawValue) })
            #expect(
                quote.fields["attachments"]
                    == .list([.map(["name": .text("quote.pdf"), "contentType": .text("application/pdf"), "size": .integer(Self.quoteAttachment.size!)])]),
                "the record carries the attachment's name, type and size")
        }
    }
}

/// The `.venv` Python when it has exchangelib and msgraph-sdk.
enum EmailInteropEnvironment {
    static var repository: URL { RepositoryPython.repository }

    static var python: URL? { RepositoryPython.python(importing: ["exchangelib", "msgraph", "deprecated"]) }
}
