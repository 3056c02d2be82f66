import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import SyncEngine
import SyncService
import SyncStore
import Testing

/// Attachment metadata on tracked records, end to end: the simulator over loopback (EWS and
/// Graph), the readers, the tracker and a real SQLite file. EWS reads `item:Attachments` in the
/// GetItem it already makes; Graph reads `…/attachments` in one `$batch`, only for tracked
/// messages that have attachments.
@Suite("E-mail tracking: attachments")
struct EmailAttachmentTrackingTests {
    static let client = "client@fabrikam.example"
    static let quote = Data("%PDF-1.7 the quote".utf8)
    static let sheet = Data("a,b,c\n1,2,3\n".utf8)
    static let attachments: [SimulatedExchange.InboundMessage.Attachment] = [
        .init(name: "quote.pdf", contentType: "application/pdf", contentBytes: quote.base64EncodedString()),
        .init(name: "prices.csv", contentType: "text/csv", contentBytes: sheet.base64EncodedString()),
        .init(name: "signature.png", contentType: "image/png", contentBytes: Data([0x89, 0x50]).base64EncodedString(), isInline: true),
    ]
    static let expected: FieldValue = .list([
        .map(["name": .text("quote.pdf"), "contentType": .text("application/pdf"), "size": .integer(quote.count)]),
        .map(["name": .text("prices.csv"), "contentType": .text("text/csv"), "size": .integer(sheet.count)]),
    ])

    static let firstFile: FieldValue = .list([
        .map(["name": .text("quote.pdf"), "contentType": .text("application/pdf"), "size": .integer(quote.count)])
    ])

    static func tracker(store: any SyncStore, reader: any EmailFolderReading) -> EmailTracker {
        EmailTracker(
            store: store, reader: reader, environment: "contoso",
            planner: EmailTrackingPlanner(
                rules: EmailTrackingRules(mode: .crmContacts),
                contacts: EmailContactDirectory(
                    contacts: [(RecordID(rawValue: "contact-42"), [client])], excluding: [SimulatorFixture.alice, SimulatorFixture.bob]),
                enrolledMailboxes: [SimulatorFixture.alice, SimulatorFixture.bob]),
            lookbackDays: 30)
    }

    /// A message with two files (and an inline signature image) to the CRM contact, one without
    /// attachments to the contact, and one with an attachment to someone who is not a contact.
    static func sendMail(_ exchange: SimulatedExchange) throws {
        let alice = SimulatorFixture.alice.rawValue
        try exchange.sendMail(from: alice, to: [client], subject: "Quote", attachments: attachments)
        try exchange.sendMail(from: alice, to: [client], subject: "Plain")
        try exchange.sendMail(from: alice, to: ["friend@elsewhere.example"], subject: "Holiday photos", attachments: [attachments[0]])
    }

    static func record(_ store: any SyncStore, subject: String) async throws -> StoredEmail? {
        try await store.trackedEmails(environment: "contoso", after: 0, limit: 10).first { $0.fields["subject"] == .text(subject) }
    }

    @Test func ewsReadsTheAttachmentsMetadataInTheGetItemItAlreadyMakes() async throws {
        try await SimulatorFixture.with { fixture in
            try Self.sendMail(fixture.exchange)
            let (store, directory) = try await EmailTrackerTests.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            let tracker = Self.tracker(store: store, reader: EWSMailFolderReader(client: try fixture.connector().client))
            fixture.exchange.clearRequestLog()
            let first = try await tracker.track(SimulatorFixture.alice, now: Date())
            #expect(first.created == 2)
            #expect(fixture.exchange.requestLog.map(\.operation) == ["SyncFolderItems", "SyncFolderItems", "GetItem"], "no extra request")
            let quote = try #require(try await Self.record(store, subject: "Quote"))
            #expect(quote.fields["attachments"] == Self.expected, "both files, the inline signature image left out")
            #expect(try await Self.record(store, subject: "Plain")?.fields["attachments"] == .list([]))

            fixture.exchange.clearRequestLog()
            _ = try await tracker.track(SimulatorFixture.alice, now: Date())
            #expect(fixture.exchange.requestLog.map(\.operation) == ["SyncFolderItems", "SyncFolderItems"], "steady state unchanged")
        }
    }

    @Test func graphReadsTheAttachmentsOfTrackedMessagesOnlyInOneBatch() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            try Self.sendMail(fixture.exchange)
            let (store, directory) = try await EmailTrackerTests.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            let tracker = Self.tracker(store: store, reader: GraphMailFolderReader(client: try fixture.graphConnector().client))
            fixture.exchange.clearRequestLog()
            let first = try await tracker.track(SimulatorFixture.alice, now: Date())
            #expect(first.created == 2)
            let operations = fixture.exchange.requestLog.map(\.operation)
            #expect(operations.filter { $0.hasPrefix("Graph POST") && $0.hasSuffix("$batch") }.count == 1, "\(operations)")
            #expect(operations.filter { $0.hasPrefix("Graph $batch GET") && $0.hasSuffix("/attachments") }.count == 1,
                    "only the tracked message with attachments is asked: \(operations)")
            #expect(operations.filter { $0.contains("messages/delta") }.count == 2)
            let quote = try #require(try await Self.record(store, subject: "Quote"))
            #expect(quote.fields["attachments"] == Self.expected, "both files, the inline signature image left out")
            #expect(try await Self.record(store, subject: "Plain")?.fields["attachments"] == .list([]))

            fixture.exchange.clearRequestLog()
            _ = try await tracker.track(SimulatorFixture.alice, now: Date())
            let again = fixture.exchange.requestLog.map(\.operation)
            #expect(again.count == 2 && again.allSatisfy { $0.contains("messages/delta") }, "steady state unchanged: \(again)")
        }
    }

    @Test func graphMailWithoutAttachmentsCostsNoBatch() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            try fixture.exchange.sendMail(from: SimulatorFixture.alice.rawValue, to: [Self.client], subject: "Plain")
            let (store, directory) = try await EmailTrackerTests.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            let tracker = Self.tracker(store: store, reader: GraphMailFolderReader(client: try fixture.graphConnector().client))
            fixture.exchange.clearRequestLog()
            #expect(try await tracker.track(SimulatorFixture.alice, now: Date()).created == 1)
            let operations = fixture.exchange.requestLog.map(\.operation)
            #expect(operations.count == 2 && operations.allSatisfy { $0.contains("messages/delta") }, "\(operations)")
        }
    }

    @Test func graphReadsTwentyMessagesAttachmentsPerBatch() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            for index in 0..<21 {
                try fixture.exchange.sendMail(
                    from: SimulatorFixture.alice.rawValue, to: [Self.client], subject: "Quote \(index)", attachments: [Self.attachments[0]])
            }
            let (store, directory) = try await EmailTrackerTests.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            let tracker = Self.tracker(store: store, reader: GraphMailFolderReader(client: try fixture.graphConnector().client))
            fixture.exchange.clearRequestLog()
            #expect(try await tracker.track(SimulatorFixture.alice, now: Date()).created == 21)
            let operations = fixture.exchange.requestLog.map(\.operation)
            #expect(operations.filter { $0.hasPrefix("Graph POST") && $0.hasSuffix("$batch") }.count == 2, "21 messages: 20 and 1")
            let records = try await store.trackedEmails(environment: "contoso", after: 0, limit: 50)
            #expect(records.count == 21)
            #expect(records.allSatisfy { $0.fields["attachments"] == Self.firstFile })
        }
    }

    /// The user deletes the message between the delta page and the attachments' read: the
    /// batch answers 404 for it; the record is still tracked, with a warning.
    @Test func graphAttachmentsThatCannotBeReadAreAWarningOnTheRecordNeverAStoppedMailbox() async throws {
        try await SimulatorFixture.with(seed: SimulatorFixture.graphSeed) { fixture in
            try fixture.exchange.sendMail(from: SimulatorFixture.alice.rawValue, to: [Self.client], subject: "Quote", attachments: Self.attachments)
            let (store, directory) = try await EmailTrackerTests.store()
            defer { try? FileManager.default.removeItem(at: directory) }
            let reader = MessageDeletedBeforeAttachmentsReader(
                reader: GraphMailFolderReader(client: try fixture.graphConnector().client), exchange: fixture.exchange)
            let outcome = try await Self.tracker(store: store, reader: reader).track(SimulatorFixture.alice, now: Date())
            #expect(outcome.created == 1)
            let quote = try #require(try await Self.record(store, subject: "Quote"))
            #expect(quote.fields["attachments"] == .list([]))
            #expect(outcome.warnings[quote.recordID.rawValue]?.contains { $0.hasPrefix("attachments not read") } == true, "\(outcome.warnings)")
        }
    }
}

/// The real Graph reader, with the user deleting the Sent Items messages of the mailbox in
/// Outlook just before their attachments are read.
struct MessageDeletedBeforeAttachmentsReader: EmailFolderReading {
    let reader: GraphMailFolderReader
    let exchange: SimulatedExchange

    func read(_ folder: EmailFolder, of mailbox: MailboxAddress, cursor: String?, receivedSince: Date, maxChanges: Int) async throws
        -> EmailFolderPage
    {
        try await reader.read(folder, of: mailbox, cursor: cursor, receivedSince: receivedSince, maxChanges: maxChanges)
    }

    func attachments(of messageIDs: [String], in mailbox: MailboxAddress) async throws -> [String: Result<[EmailAttachment], any Error>] {
        for item in try exchange.items(in: mailbox.rawValue, folder: "sentitems") { try exchange.deleteItem(in: mailbox.rawValue, id: item.id) }
        return try await reader.attachments(of: messageIDs, in: mailbox)
    }
}
