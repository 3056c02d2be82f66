import ExchangeSimulator
import Foundation
import SyncEngine
import SyncStore
import Testing

@testable import PrextraSyncCommands

@Suite("prextra-sync demo")
struct DemoTests {
    static let week = LocalDate(year: 2026, month: 12, day: 7)!

    @Test func theSameSeedNumberBuildsTheSameCompanyAndAnotherOneAnotherCompany() {
        let first = DemoCompany.generate(seedNumber: 7, size: .standard, week: Self.week, category: "Prextra")
        let again = DemoCompany.generate(seedNumber: 7, size: .standard, week: Self.week, category: "Prextra")
        let other = DemoCompany.generate(seedNumber: 8, size: .standard, week: Self.week, category: "Prextra")
        #expect(first.records == again.records)
        #expect(first.outlookItems == again.outlookItems)
        #expect(first.contacts != other.contacts)
    }

    @Test func theStandardCompanyIsRealistic() throws {
        let company = DemoCompany.generate(seedNumber: 42, size: .standard, week: Self.week, category: "Prextra")
        #expect(company.employees.count == 20)
        #expect(Set(company.employees.map(\.address)).count == 20)
        let zones = Set(company.employees.map(\.office.timeZone))
        #expect(zones.isSuperset(of: ["Europe/Zurich", "Europe/Paris", "America/New_York", "Asia/Tokyo"]))
        #expect(company.contacts.count == 300)
        #expect(Set(company.contacts.map(\.key)).count == 300)
        #expect(company.contacts.contains { $0.owners.count > 1 })
        let appointments = try company.appointments.map { try AppointmentFields(fields: $0.fields) }
        #expect(appointments.count > 100)
        #expect(appointments.contains { $0.recurrence != nil && !$0.modifiedOccurrences.isEmpty && !$0.deletedOccurrences.isEmpty })
        #expect(appointments.contains { $0.timing.isAllDay })
        #expect(appointments.contains {
            if case .timed(_, let start, _, let end) = $0.timing { return start != end }
            return false
        })
        #expect(company.tasks.count == 60)
        #expect(company.outlookItems.contains { $0.optedIn } && company.outlookItems.contains { !$0.optedIn })
        // Every record's fields read back through the typed models unchanged (the ERP writes valid records).
        for record in company.contacts { #expect(try ContactFields(fields: record.fields).fields == record.fields) }
        for record in company.tasks { #expect(try TaskFields(fields: record.fields).fields == record.fields) }
    }

    @Test func theWorldSeedsTheSimulatorAndTheStore() async throws {
        let company = DemoCompany.generate(seedNumber: 1, size: .small, week: Self.week, category: "Prextra")
        let world = try await DemoWorld.start(company: company, stateDirectory: try DemoStateDirectory.prepare(nil))
        do {
            try await world.seedCRM()
            // Every employee has a mailbox; the pre-existing Outlook items are there.
            #expect(Set(world.exchange.mailboxAddresses) == Set(company.employees.map(\.address.rawValue)))
            for item in company.outlookItems {
                let items = try world.exchange.items(in: item.mailbox.rawValue, folder: item.folder)
                #expect(items.contains { $0.subject == item.subject || $0.xml.contains(">\(item.subject)<") })
            }
            // The ERP's records are in the store, with their owners, and enrolled mailboxes.
            let enrolled = try await world.store.mailboxes(environment: world.environmentName, state: .enrolled)
            #expect(enrolled.count == company.employees.count)
            for record in company.records {
                let stored = try #require(try await world.store.record(environment: world.environmentName, key: record.key))
                #expect(stored.owners == record.owners)
            }
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }
}
