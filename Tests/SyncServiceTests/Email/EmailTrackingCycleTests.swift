import Foundation
import ServiceConfiguration
import SimulatorTestSupport
import SyncEngine
@testable import SyncService
import SyncStore
import Testing

/// E-mail tracking runs in the service: after a mailbox's cycle, against the environment's
/// contact records, when the environment turned it on, and not otherwise.
@Suite("E-mail tracking in the service's cycle")
struct EmailTrackingCycleTests {
    static let client = "client@fabrikam.example"

    static func seed(_ harness: CycleHarness) async throws {
        try await harness.upsert(.contact, "c-1", ContactFields(givenName: "Carla", surname: "Client", emailAddresses: [client]).fields)
        try harness.exchange.sendMail(from: CycleHarness.bob.rawValue, to: [client], subject: "Quote")
        try harness.exchange.sendMail(from: CycleHarness.bob.rawValue, to: ["friend@elsewhere.example"], subject: "Lunch")
    }

    @Test(arguments: ConnectorAPI.allCases)
    func aMailboxCycleTracksTheMailExchangedWithItsEnvironmentsContacts(api: ConnectorAPI) async throws {
        try await CycleHarness.with(api: api) { harness in
            try await Self.seed(harness)
            var environment = SyncServiceTests.contoso(harness)
            environment.emailTracking = EmailTrackingRules(mode: .crmContacts)
            let service = SyncService(store: harness.store, environments: [environment])
            _ = try await service.syncNow(environment: CycleHarness.environment, mailbox: CycleHarness.bob)

            let emails = try await harness.store.trackedEmails(environment: CycleHarness.environment, after: 0, limit: 10)
            #expect(emails.map { $0.fields["subject"] } == [.text("Quote")])
            #expect(emails.first?.fields["matchedContacts"] == .list([.text("c-1")]))
            #expect(emails.first?.fields["direction"] == .text("outbound"))
            #expect(try await harness.links(CycleHarness.bob).count == 1, "the contact itself still synchronized")
            let cursor = try await harness.store.syncState(
                environment: CycleHarness.environment, mailbox: CycleHarness.bob, folderID: EmailTracker.cursorFolderID(.sentItems))
            #expect(cursor != nil)

            _ = try await service.syncNow(environment: CycleHarness.environment, mailbox: CycleHarness.bob)
            #expect(try await harness.store.trackedEmails(environment: CycleHarness.environment, after: 0, limit: 10).map(\.version) == [1])
        }
    }

    @Test func theEmailSectionOfTheConfigurationBecomesTheEnvironmentsRules() async throws {
        try await CycleHarness.with { harness in
            var configuration = harness.fixture.environment
            #expect(SyncEnvironment(configuration: configuration, connector: harness.connector).emailTracking == nil, "Off by default")
            configuration.email = EmailTrackingSettings(mode: .repliesToTracked, category: "CRM", lookbackDays: 7, maxBodyBytes: 100)
            let environment = SyncEnvironment(configuration: configuration, connector: harness.connector)
            #expect(environment.emailTracking == EmailTrackingRules(mode: .repliesToTracked, category: "CRM", maxBodyBytes: 100))
            #expect(environment.emailLookbackDays == 7)
        }
    }

    @Test func withoutTheEmailSectionNoMailIsRead() async throws {
        try await CycleHarness.with { harness in
            try await Self.seed(harness)
            let service = SyncService(store: harness.store, environments: [SyncServiceTests.contoso(harness)])
            _ = try await service.syncNow(environment: CycleHarness.environment, mailbox: CycleHarness.bob)
            #expect(try await harness.store.trackedEmails(environment: CycleHarness.environment, after: 0, limit: 10).isEmpty)
            for folder in EmailFolder.allCases {
                let cursor = try await harness.store.syncState(
                    environment: CycleHarness.environment, mailbox: CycleHarness.bob, folderID: EmailTracker.cursorFolderID(folder))
                #expect(cursor == nil, "no mail folder was read")
            }
        }
    }

    /// The mail of one scenario, then what each mode lets through. Bob writes to a CRM contact
    /// (untagged), to a friend with the category, a private note to the contact, and lunch plans
    /// to nobody the CRM knows; the friend replies to the tagged message.
    static let modes: [(SyncEngine.EmailTrackingMode, [String])] = [
        (.crmContacts, ["Quote", "Tagged"]),
        (.category, ["Tagged"]),
        (.repliesToTracked, ["Tagged", "RE: Tagged"]),
    ]

    @Test(
        "Under each mode, on each API, the tracked mail reaches the ERP's change feed once, and a second cycle adds nothing",
        arguments: ConnectorAPI.allCases, [0, 1, 2])
    func eachModeFeedsTheChangeFeed(api: ConnectorAPI, modeIndex: Int) async throws {
        let (mode, expected) = Self.modes[modeIndex]
        try await CycleHarness.with(api: api) { harness in
            try await harness.upsert(.contact, "c-1", ContactFields(givenName: "Carla", surname: "Client", emailAddresses: [Self.client]).fields)
            let bob = CycleHarness.bob.rawValue, friend = "friend@elsewhere.example"
            try harness.exchange.sendMail(from: bob, to: [Self.client], subject: "Quote")
            let tagged = try harness.exchange.sendMail(from: bob, to: [friend], subject: "Tagged", categories: [EmailTrackingRules.defaultCategory])
            let taggedID = try #require(tagged.xml.firstText(of: "InternetMessageId"))
            try harness.exchange.sendMail(from: bob, to: [Self.client], subject: "Private note", sensitivity: "Private")
            try harness.exchange.sendMail(from: bob, to: ["someone@elsewhere.example"], subject: "Lunch")
            try harness.exchange.deliverInbound(
                .init(from: .init(address: friend), to: [.init(address: bob)], subject: "RE: Tagged", inReplyTo: taggedID, references: taggedID),
                to: bob)
            var environment = SyncServiceTests.contoso(harness)
            environment.emailTracking = EmailTrackingRules(mode: mode)
            let service = SyncService(store: harness.store, environments: [environment])
            _ = try await service.syncNow(environment: CycleHarness.environment, mailbox: CycleHarness.bob)
            _ = try await service.syncNow(environment: CycleHarness.environment, mailbox: CycleHarness.bob)

            let feed = try await harness.store.outlookChanges(environment: CycleHarness.environment, after: .start, limit: 100)
            let emails = feed.changes.filter { $0.kind == .email }
            #expect(Set(emails.compactMap { $0.fields["subject"] }) == Set(expected.map(FieldValue.text)), "\(mode) on \(api)")
            #expect(emails.count == expected.count, "each message once, whatever the number of cycles")
            #expect(emails.allSatisfy { $0.operation == .created && $0.mailbox == CycleHarness.bob })
            #expect(Set(emails.map(\.recordID)).count == expected.count)
            if mode == .repliesToTracked {
                let reply = try #require(emails.first { $0.fields["subject"] == .text("RE: Tagged") })
                #expect(reply.fields["inReplyTo"] == .text(taggedID), "the thread is linked")
            }
        }
    }
}
