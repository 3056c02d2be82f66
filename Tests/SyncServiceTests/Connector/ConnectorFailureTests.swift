import ExchangeSimulator
import ExchangeWebServices
import SimulatorTestSupport
import Foundation
import Logging
import MicrosoftIdentity
import ServiceConfiguration
import SyncEngine
import SyncService
import Synchronization
import Testing

/// Failures an operator must be able to act on, without a secret ever showing.
@Suite("EWS connector failures")
struct ConnectorFailureTests {
    static let canary = "CANARY-connector-5f2e9b~not-the-secret"

    @Test func aWrongSecretFailsTheCallAndTheSecretAppearsNowhere() async throws {
        try await SimulatorFixture.with { fixture in
            let logs = LogLines()
            let logger = Logger(label: "test") { _ in LogLineHandler(lines: logs) }
            let good = fixture.environment
            let environment = EnvironmentConfiguration(
                name: good.name, tenantID: good.tenantID, applicationID: good.applicationID,
                credential: .secret(Secret(Self.canary), source: .inline), ewsURL: good.ewsURL, authority: good.authority)
            let connector = try EWSMailboxConnector(
                environment: environment, httpClient: SimulatorFixture.httpClient, tokenProviders: fixture.tokenProviders,
                logger: logger)
            var messages: [String] = []
            do {
                _ = try await connector.changes(of: .contact, in: SimulatorFixture.alice, since: nil, maxChanges: 10)
                Issue.record("read with a wrong secret succeeded")
            } catch {
                messages.append("\(error)")
                messages.append(String(reflecting: error))
            }
            // Nothing could be sent: `apply` throws rather than answering per operation.
            let intent = PendingIntent(
                mailbox: SimulatorFixture.alice, kind: .task, recordID: "t", fields: TaskFields(subject: "x").fields, createdAt: Date())
            do {
                _ = try await connector.apply([.create(intent: intent, sendMeetingInvitations: false)], kind: .task, in: SimulatorFixture.alice)
                Issue.record("write with a wrong secret succeeded")
            } catch {
                messages.append("\(error)")
            }
            #expect(messages.count == 3)
            #expect(messages.contains { $0.contains("AADSTS") }, "\(messages)")
            for text in messages + logs.all {
                #expect(!text.contains(Self.canary))
                #expect(!text.contains("CANARY"))
            }
        }
    }

    @Test func anUnmappableOperationFailsAloneWithItsReason() async throws {
        try await SimulatorFixture.with { fixture in
            let connector = try fixture.connector()
            let start = Date(timeIntervalSince1970: 1_780_000_000)
            var unmappable = AppointmentFields(
                subject: "Quelque part",
                timing: .timed(start: start, startTimeZone: "Europe/Paris", end: start.addingTimeInterval(3600), endTimeZone: "Europe/Paris")
            ).fields
            // tzdata's placeholder zone: Foundation knows it, CLDR gives it no Windows zone.
            #expect(TimeZone(identifier: "Factory") != nil)
            unmappable[FieldName.startTimeZone] = .text("Factory")
            let good = AppointmentFields(
                subject: "Ailleurs",
                timing: .timed(start: start, startTimeZone: "Europe/Paris", end: start.addingTimeInterval(3600), endTimeZone: "Europe/Paris"))
            let weekdaysAndSunday = AppointmentFields(
                subject: "Motif impossible",
                timing: .timed(start: start, startTimeZone: "Europe/Paris", end: start.addingTimeInterval(3600), endTimeZone: "Europe/Paris"),
                recurrence: Recurrence(
                    pattern: .relativeMonthly(interval: 1, daysOfWeek: [.monday, .sunday], index: .first),
                    range: .noEnd(start: LocalDate("2026-05-28")!)))
            let results = try await connector.apply(
                [unmappable, good.fields, weekdaysAndSunday.fields].enumerated().map { index, fields in
                    .create(
                        intent: PendingIntent(
                            mailbox: SimulatorFixture.alice, kind: .appointment, recordID: RecordID("a\(index)"), fields: fields,
                            createdAt: Date()),
                        sendMeetingInvitations: false)
                }, kind: .appointment, in: SimulatorFixture.alice)
            guard results.count == 3, case .failed(let code, let message) = results[0], case .written = results[1],
                case .failed(let patternCode, let patternMessage) = results[2]
            else {
                Issue.record("\(results)")
                return
            }
            #expect(code == "PrextraMappingError" && message.contains("Factory") && message.contains("Windows"), "\(message)")
            #expect(patternCode == "PrextraMappingError" && patternMessage.contains("relative pattern"))
        }
    }

    @Test("Exchange Online refusing EWS to an app not on EWSAllowedAppIDs is named, with the move to Graph as the fix, never a bare 403")
    func ewsRefusedToTheApplicationIsNamed() async throws {
        var seed = SimulatorSeed.demo
        seed.tenants[0].ewsAllowedAppIds = ["99999999-9999-4999-8999-999999999999"]
        try await SimulatorFixture.with(seed: seed) { fixture in
            do {
                _ = try await fixture.connector().changes(of: .contact, in: SimulatorFixture.alice, since: nil, maxChanges: 10)
                Issue.record("EWS answered an app the tenant does not allow")
            } catch let error as ExchangeWebServices.EWSError {
                #expect(error.kind == .ewsRefusedToApplication)
                #expect(error.remedy.contains("EWSAllowedAppIDs") && error.remedy.contains("manifest --api graph") && error.remedy.contains("2027-04-01"))
            }
        }
    }
}
