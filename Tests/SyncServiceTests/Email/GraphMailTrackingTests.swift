import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import SyncEngine
import SyncService
import Testing

/// E-mail tracking through Microsoft Graph against the simulator on loopback: message delta with
/// `$select`, the sensitivity tag expanded, the window on the first round.
@Suite("E-mail tracking through Graph")
struct GraphMailTrackingTests {
    static let client = "client@fabrikam.example"

    @Test func mailWithACRMContactIsTrackedOnceWithItsThreadAndPrivateMailNever() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            let exchange = fixture.exchange
            let alice = SimulatorFixture.alice.rawValue
            let quote = try exchange.sendMail(from: alice, to: [Self.client], cc: [SimulatorFixture.bob.rawValue], subject: "Quote")
            try exchange.sendMail(from: alice, to: [Self.client], subject: "Personal matter", sensitivity: "Private")
            try exchange.sendMail(from: alice, to: ["friend@elsewhere.example"], subject: "Lunch")
            let reader = GraphMailFolderReader(client: try fixture.graphConnector(maxPageSize: 2).client)
            let sent = try await reader.read(.sentItems, of: SimulatorFixture.alice, cursor: nil, receivedSince: .distantPast, maxChanges: 512)
            let quoteID = try #require(sent.messages.first { $0.subject == "Quote" }?.internetMessageID)
            #expect(quote.subject == "Quote")
            try exchange.deliverInbound(
                .init(from: .init(address: Self.client), to: [.init(address: alice)], subject: "RE: Quote",
                      internetMessageId: "<reply-1@fabrikam.example>", inReplyTo: quoteID.rawValue, references: quoteID.rawValue),
                to: alice)

            var observed: [ObservedEmail] = []
            var cursors: [String: String] = [:]
            for mailbox in [SimulatorFixture.alice, SimulatorFixture.bob] {
                for folder in EmailFolder.allCases {
                    var cursor: String?
                    var page: EmailFolderPage
                    repeat {
                        page = try await reader.read(folder, of: mailbox, cursor: cursor, receivedSince: .distantPast, maxChanges: 512)
                        observed += page.messages
                        cursor = page.nextCursor
                    } while page.hasMore
                    cursors["\(mailbox)/\(folder)"] = cursor
                }
            }
            #expect(observed.contains { $0.sensitivity == .private }, "the sensitivity tag is read")
            let plan = EmailTrackingPlanner(
                rules: EmailTrackingRules(mode: .crmContacts),
                contacts: EmailContactDirectory(contacts: [(RecordID(rawValue: "c-1"), [Self.client])], excluding: [SimulatorFixture.alice, SimulatorFixture.bob]),
                enrolledMailboxes: [SimulatorFixture.alice, SimulatorFixture.bob]
            ).plan(observed, ledger: TrackedEmailLedger())
            #expect(plan.trackedEmails.map(\.subject) == ["Quote", "RE: Quote"])
            #expect(plan.trackedEmails.last?.inReplyTo == quoteID, "In-Reply-To comes from internetMessageHeaders")
            #expect(plan.steps.contains(.addSighting(quoteID, mailbox: SimulatorFixture.bob, mailboxes: [SimulatorFixture.alice, SimulatorFixture.bob])))
            #expect(plan.skipped.contains { $0.reason == .sensitivity })

            // Steady state: one request per folder, nothing new.
            for mailbox in [SimulatorFixture.alice, SimulatorFixture.bob] {
                for folder in EmailFolder.allCases {
                    let page = try await reader.read(
                        folder, of: mailbox, cursor: cursors["\(mailbox)/\(folder)"], receivedSince: .distantPast, maxChanges: 512)
                    #expect(page.messages.isEmpty && !page.hasMore)
                }
            }
        }
    }

    @Test func theFirstRoundReadsOnlyTheWindow() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            try fixture.exchange.sendMail(from: SimulatorFixture.alice.rawValue, to: [Self.client], subject: "Quote")
            let reader = GraphMailFolderReader(client: try fixture.graphConnector().client)
            let later = try await reader.read(
                .sentItems, of: SimulatorFixture.alice, cursor: nil, receivedSince: Date().addingTimeInterval(3_600), maxChanges: 512)
            #expect(later.messages.isEmpty && !later.hasMore)
        }
    }
}
