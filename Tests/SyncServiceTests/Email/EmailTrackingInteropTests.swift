import ChildProcessSupport
import ExchangeSimulator
import Foundation
import MicrosoftIdentity
import SimulatorTestSupport
import SyncEngine
import SyncService
import Testing

/// A user sends mail to a CRM contact and to someone else, then receives the contact's reply,
/// through exchangelib (EWS) and through msgraph-sdk (Graph), driving `scripts/email_interop.py`
/// from the repository's `.venv`. The service's reader and planner then see each message once,
/// the reply linked to the message it answers, and nothing of the mail with no CRM contact.
/// Skipped when the `.venv` lacks the clients, unless `PREXTRA_REQUIRE_INTEROP` is set.
@Suite(
    "E-mail tracking through exchangelib and msgraph-sdk",
    .enabled(
        if: EmailInteropEnvironment.python != nil || ProcessInfo.processInfo.environment["PREXTRA_REQUIRE_INTEROP"] != nil,
        "the repository's .venv has no exchangelib/msgraph-sdk (run scripts/test.sh)"))
struct EmailTrackingInteropTests {
    static let contact = "client@fabrikam.example"

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
        }
    }
}

/// The `.venv` Python when it has exchangelib and msgraph-sdk.
enum EmailInteropEnvironment {
    static var repository: URL { RepositoryPython.repository }

    static var python: URL? { RepositoryPython.python(importing: ["exchangelib", "msgraph", "deprecated"]) }
}
