import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import SyncEngine
import SyncService
import Testing

/// E-mail tracking over EWS against the simulator on loopback: the reader's requests, and what
/// the planner makes of what it read (CrmContacts mode).
@Suite("E-mail tracking through EWS")
struct EWSMailTrackingTests {
    static let client = "client@fabrikam.example"
    static let contacts = EmailContactDirectory(
        contacts: [(RecordID(rawValue: "contact-42"), [client])], excluding: [SimulatorFixture.alice, SimulatorFixture.bob])

    /// Every folder of every mailbox read once from `cursors`; the pages and the new cursors.
    static func readAll(
        _ reader: EWSMailFolderReader, cursors: [String: String], since: Date
    ) async throws -> (messages: [ObservedEmail], cursors: [String: String], outsideWindow: Int) {
        var messages: [ObservedEmail] = []
        var next: [String: String] = [:]
        var outside = 0
        for mailbox in [SimulatorFixture.alice, SimulatorFixture.bob] {
            for folder in EmailFolder.allCases {
                let key = "\(mailbox)/\(folder)"
                var cursor = cursors[key]
                var page: EmailFolderPage
                repeat {
                    page = try await reader.read(folder, of: mailbox, cursor: cursor, receivedSince: since)
                    messages += page.messages
                    outside += page.outsideWindow
                    cursor = page.nextCursor
                } while page.hasMore
                next[key] = cursor
            }
        }
        return (messages, next, outside)
    }

    @Test func mailWithACRMContactIsTrackedOnceWithItsThreadAndSteadyStateCostsOneRequestPerFolder() async throws {
        try await SimulatorFixture.with { fixture in
            let exchange = fixture.exchange
            let alice = SimulatorFixture.alice.rawValue
            let quote = try exchange.sendMail(from: alice, to: [Self.client], cc: [SimulatorFixture.bob.rawValue], subject: "Quote")
            let quoteID = try #require(quote.xml.firstText(of: "InternetMessageId"))
            try exchange.deliverInbound(
                .init(from: .init(name: "Client", address: Self.client), to: [.init(address: alice)], subject: "RE: Quote",
                      body: "Agreed", internetMessageId: "<reply-1@fabrikam.example>", inReplyTo: quoteID, references: quoteID),
                to: alice)
            try exchange.sendMail(from: alice, to: ["friend@elsewhere.example"], subject: "Lunch")
            try exchange.sendMail(from: alice, to: [Self.client], subject: "Personal matter", sensitivity: "Private")

            let reader = EWSMailFolderReader(client: try fixture.connector().client)
            let since = Date().addingTimeInterval(-30 * 86_400)
            exchange.clearRequestLog()
            let first = try await Self.readAll(reader, cursors: [:], since: since)
            let firstOperations = exchange.requestLog.map(\.operation)
            // Four folders, each one SyncFolderItems; a GetItem only where there is something to read.
            #expect(firstOperations.filter { $0 == "SyncFolderItems" }.count == 4)
            #expect(firstOperations.filter { $0 == "GetItem" }.count == 3, "\(firstOperations)")

            let planner = EmailTrackingPlanner(
                rules: EmailTrackingRules(mode: .crmContacts), contacts: Self.contacts,
                enrolledMailboxes: [SimulatorFixture.alice, SimulatorFixture.bob])
            let plan = planner.plan(first.messages, ledger: TrackedEmailLedger())
            let tracked = plan.trackedEmails
            #expect(tracked.map(\.subject) == ["Quote", "RE: Quote"])
            #expect(tracked.first?.mailboxes == [SimulatorFixture.alice])
            #expect(plan.steps.contains(.addSighting(
                try #require(InternetMessageID(quoteID)), mailbox: SimulatorFixture.bob, mailboxes: [SimulatorFixture.alice, SimulatorFixture.bob])))
            #expect(tracked.last?.inReplyTo?.rawValue == quoteID, "the reply links to the message it answers")
            #expect(tracked.last?.conversationID == tracked.first?.conversationID)
            #expect(tracked.first?.direction == .outbound)
            #expect(tracked.last?.direction == .inbound)
            #expect(tracked.allSatisfy { $0.matchedContacts == [RecordID(rawValue: "contact-42")] })
            #expect(plan.skipped.map(\.reason).sorted { $0.rawValue < $1.rawValue } == [.notSelected, .sensitivity])

            exchange.clearRequestLog()
            let steady = try await Self.readAll(reader, cursors: first.cursors, since: since)
            #expect(steady.messages.isEmpty)
            #expect(exchange.requestLog.map(\.operation) == Array(repeating: "SyncFolderItems", count: 4))
        }
    }

    @Test func messagesReceivedBeforeTheWindowAreCountedButNeverRead() async throws {
        try await SimulatorFixture.with { fixture in
            let exchange = fixture.exchange
            for index in 0..<3 {
                try exchange.deliverInbound(
                    .init(from: .init(address: Self.client), to: [.init(address: SimulatorFixture.alice.rawValue)], subject: "Old \(index)"),
                    to: SimulatorFixture.alice.rawValue)
            }
            let reader = EWSMailFolderReader(client: try fixture.connector().client)
            exchange.clearRequestLog()
            let page = try await reader.read(.inbox, of: SimulatorFixture.alice, cursor: nil, receivedSince: Date().addingTimeInterval(3_600))
            #expect(page.messages.isEmpty)
            #expect(page.outsideWindow == 3)
            #expect(exchange.requestLog.map(\.operation) == ["SyncFolderItems"])
        }
    }
}

extension String {
    /// The text of the first element named `name` in this XML, for reading a control API summary.
    func firstText(of name: String) -> String? {
        guard let open = range(of: "<t:\(name)>") ?? range(of: "<\(name)>") else { return nil }
        let rest = self[open.upperBound...]
        guard let close = rest.range(of: "</") else { return nil }
        return String(rest[..<close.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
