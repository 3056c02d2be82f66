import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import ServiceConfiguration
import NIOCore
import Synchronization
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
        let directory = try DemoStateDirectory.prepare(nil)
        let store = try SQLiteSyncStore(path: directory.databasePath)
        defer {
            try? store.close()
            directory.removeIfTemporary()
        }
        let world = try await DemoWorld.start(company: company, store: store, stateDirectory: directory)
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

    @Test func progressIsABarRedrawnInPlaceOnATerminalAndPlainLinesOtherwise() {
        let bar = CapturedCommandOutput(), lines = CapturedCommandOutput()
        let counts = DemoCycleCounts(itemsRead: 2, outlookWrites: 18, crmWrites: 1)
        for (captured, style) in [(bar, DemoProgressDisplay.Style.bar), (lines, .lines)] {
            let display = DemoProgressDisplay(output: captured.output, style: style, total: 2, columns: 60)
            display.live(done: 0, current: "a@x.example: reading contacts", written: 0)
            display.update(done: 1, current: "a@x.example", counts: counts, written: 19)
            display.update(done: 2, current: "b@x.example", counts: DemoCycleCounts(), written: 19)
            display.finish()
        }
        let redraws = bar.standardOutput.split(separator: "\r", omittingEmptySubsequences: true)
        #expect(redraws.count == 3)
        #expect(redraws.dropLast().allSatisfy { $0.count == 59 && !$0.contains("\n") })
        #expect(bar.standardOutput.hasSuffix("\n"))
        #expect(lines.standardOutput == """
              [1/2] a@x.example: read 2 Outlook items, wrote 18 items to Outlook and 1 record to the CRM
              [2/2] b@x.example: read 0 Outlook items, wrote 0 items to Outlook and 0 records to the CRM

            """)
    }

    // MARK: The whole demo, in-process, with a small company

    /// What the test saw of the live world after the script, before the demo tore it down.
    struct Observed: Sendable {
        var movedMeetingStarts: [String: Date?] = [:]
        var expectedMeetingStart: Date?
        var contactJobTitle: FieldValue?
        var contactFeedHasEdit = false
        var deletedTaskRecordIsTombstone = false
        var deletedTaskStillInMailbox = true
        var taggedRecordSubject: FieldValue?
        var taggedFeedHasCreate = false
        var conflictFields: [String] = []
        var conflictItemLocation: String?
        var conflictRecordLocation: FieldValue?
        var clientSecret = ""
        var divergenceAfterTampering: [String] = []
    }

    /// The whole demo, through EWS and through Graph.
    @Test(arguments: [ExchangeAPI.ews, .graph])
    func theDemoConvergesAndEveryScriptedFlowHappens(api: ExchangeAPI) async throws {
        let captured = CapturedCommandOutput()
        var options = DemoOptions()
        options.apis = [api]
        options.seedNumber = 3
        options.size = .small
        options.progress = .lines
        let observed = ObservedBox()
        let run = try await DemoRun.execute(
            options, output: captured.output, makeDriver: { try DemoServiceDriver.make(world: $0) },
            afterScript: { sides in try await observed.set(Self.observe(sides[0].world, sides[0].driver)) })
        let seen = observed.value
        #expect(run.environments.map(\.api) == [api.rawValue])
        let report = try #require(run.environments.first)

        // Exit status 0 means: converged and every scene's checks passed.
        #expect(report.convergence?.converged == true, "\(report.convergence?.divergences ?? [])")
        #expect(report.succeeded)
        #expect(report.steps.map(\.id) == ["erp-moves-meeting", "outlook-edits-contact", "outlook-deletes-task", "outlook-tags-appointment", "conflict"])
        for step in report.steps { #expect(step.passed, "\(step.id): \(step.checks.filter { !$0.passed })") }

        // Checked here independently of the demo's own checks, straight in the simulator and the store.
        #expect(!seen.movedMeetingStarts.isEmpty)
        for (mailbox, start) in seen.movedMeetingStarts { #expect(start == seen.expectedMeetingStart, "\(mailbox)") }
        #expect(seen.contactJobTitle == .text("Chief Procurement Officer") || seen.contactJobTitle == .text("Head of Purchasing"))
        #expect(seen.contactFeedHasEdit)
        #expect(seen.deletedTaskRecordIsTombstone)
        #expect(!seen.deletedTaskStillInMailbox)
        #expect(seen.taggedRecordSubject == .text(DemoOutlookItems.coffeeSubject(DemoCustomers.all[1].name)))
        #expect(seen.taggedFeedHasCreate)
        #expect(seen.conflictFields == [FieldName.location])
        #expect(seen.conflictRecordLocation == .text("Showroom Lyon Part-Dieu"))
        #expect(seen.conflictItemLocation == "Showroom Lyon Part-Dieu")

        // The checker is not blind: an item changed behind the service's back is a divergence.
        #expect(seen.divergenceAfterTampering.contains { $0.hasPrefix("subject:") })

        // The narrative shows the sections, the flows and the verdict, and never the client secret.
        let text = captured.standardOutput
        for heading in ["1. The company", "2. First sync", "3. A day at the company", "4. Summary", "5. Convergence"] {
            #expect(text.contains(heading))
        }
        #expect(text.contains("CRM → Outlook") && text.contains("Outlook → CRM"))
        #expect(text.contains("Result: converged."))
        #expect(!text.contains("▸"), "one environment: no environment labels")
        #expect(!seen.clientSecret.isEmpty && !captured.standardOutput.contains(seen.clientSecret))
        #expect(!captured.standardError.contains(seen.clientSecret))
    }

    /// By default two environments run side by side: on-premises on EWS, Exchange Online on Graph.
    @Test func theCommandRunsBothEnvironmentsPrintsJSONAndExitsZero() async throws {
        let run = await CommandLineRun.run(["demo", "--employees", "4", "--contacts", "8", "--seed-number", "11", "--json"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let json = try run.json()
        #expect(json["succeeded"] as? Bool == true)
        let environments = try #require(json["environments"] as? [[String: Any]])
        #expect(environments.map { $0["api"] as? String } == ["ews", "graph"])
        #expect(environments.map { ($0["company"] as? [String: Any])?["environment"] as? String } == ["alpenglow-onprem", "alpenglow-online"])
        for environment in environments {
            #expect(environment["succeeded"] as? Bool == true)
            let convergence = try #require(environment["convergence"] as? [String: Any])
            #expect(convergence["converged"] as? Bool == true)
            #expect((convergence["linksCompared"] as? Int ?? 0) > 20)
            let steps = try #require(environment["steps"] as? [[String: Any]])
            #expect(steps.count == 5)
            #expect(steps.allSatisfy { $0["passed"] as? Bool == true })
            let summary = try #require(environment["summary"] as? [String: Any])
            #expect(summary["conflicts"] as? Int == 1)
            #expect(summary["tokenRequests"] as? Int == 1)
        }
    }

    @Test func theNarrativeShowsEachSceneInBothEnvironments() async throws {
        let run = await CommandLineRun.run(["demo", "--employees", "4", "--contacts", "8", "--seed-number", "12", "--progress", "lines"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let text = run.standardOutput
        let onPremises = "▸ alpenglow-onprem: on-premises Exchange, through EWS"
        let online = "▸ alpenglow-online: Exchange Online, through Microsoft Graph"
        // First sync, five scenes, summary and convergence: each once per environment, EWS first.
        #expect(text.components(separatedBy: onPremises).count - 1 == 8)
        #expect(text.components(separatedBy: online).count - 1 == 8)
        let scene = try #require(text.range(of: "3.1 "))
        let after = text[scene.upperBound...]
        let ews = try #require(after.range(of: onPremises)), graph = try #require(after.range(of: online))
        #expect(ews.lowerBound < graph.lowerBound)
        #expect(text.contains("Result: converged in both environments."))
    }

    @Test func aStateDirectoryFromAnEarlierDemoIsRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data().write(to: directory.appendingPathComponent(DemoStateDirectory.databaseName))
        let run = await CommandLineRun.run(["demo", "--employees", "4", "--contacts", "4", "--state-dir", directory.path])
        #expect(run.exitCode == 2)
        #expect(run.standardError.contains("earlier demo"))
    }

    @Test func keepRunningServesTheAPIAndSyncsWhatTheERPPushes() async throws {
        var options = DemoOptions()
        options.size = .small
        options.json = true
        let captured = CapturedCommandOutput()
        let arrived = ObservedFlag()
        _ = try await DemoRun.execute(
            options, output: captured.output, makeDriver: { try DemoServiceDriver.make(world: $0) },
            afterScript: { sides in
                var keep = DemoKeepRunning(sides: sides, output: captured.output, interval: 1, apiPort: 0, toStandardError: true)
                // One API for both environments: push to the second one (Exchange Online, Graph).
                let world = try #require(sides.last?.world)
                keep.waitForStop = { endpoints in
                    await arrived.set(Self.pushTaskThroughTheAPI(endpoints, world: world))
                }
                try await keep.run()
            })
        #expect(arrived.value, "the task the ERP pushed through the API reached the owner's Outlook")
        // With --json the keep-running lines go to standard error; the API key is shown there on purpose.
        #expect(captured.standardError.contains("API key (this demo only)"))
        #expect(!captured.standardOutput.contains("Still running"))
    }

    /// The ERP's way in: PUT a task with an API key, ask for a sync, and wait (a while) for the
    /// item to appear in the owner's task folder.
    static func pushTaskThroughTheAPI(_ endpoints: DemoKeepRunning.Endpoints, world: DemoWorld) async -> Bool {
        let owner = world.company.employees[0].address.rawValue
        let base = endpoints.api.absoluteString + "/v1/environments/\(world.environmentName)"
        do {
            var put = HTTPClientRequest(url: base + "/tasks/T-99999")
            put.method = .PUT
            put.headers.add(name: "Authorization", value: "Bearer \(endpoints.apiKey)")
            put.headers.add(name: "Content-Type", value: "application/json")
            put.body = .bytes(ByteBuffer(string: #"{"fields":{"subject":"Call back Vogel Pharma","dueDate":"2026-12-15"},"owners":["\#(owner)"]}"#))
            let created = try await HTTPClient.shared.execute(put, timeout: .seconds(30))
            guard created.status.code / 100 == 2 else { return false }
            var unauthorized = HTTPClientRequest(url: base + "/tasks/T-99999")
            unauthorized.headers.add(name: "Authorization", value: "Bearer not-the-key")
            guard try await HTTPClient.shared.execute(unauthorized, timeout: .seconds(30)).status.code == 401 else { return false }
            // The operator dashboard answers beside the API.
            let dashboard = HTTPClientRequest(url: endpoints.api.absoluteString + "/dashboard/sign-in")
            guard try await HTTPClient.shared.execute(dashboard, timeout: .seconds(30)).status.code == 200 else { return false }
            var sync = HTTPClientRequest(url: base + "/mailboxes/\(owner)/sync")
            sync.method = .POST
            sync.headers.add(name: "Authorization", value: "Bearer \(endpoints.apiKey)")
            guard try await HTTPClient.shared.execute(sync, timeout: .seconds(30)).status.code / 100 == 2 else { return false }
            for _ in 0..<200 {
                if try world.exchange.items(in: owner, folder: "tasks").contains(where: { $0.subject == "Call back Vogel Pharma" }) {
                    return true
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        } catch {
            return false
        }
        return false
    }

    static func observe(_ world: DemoWorld, _ driver: any DemoSyncDriver) async throws -> Observed {
        var seen = Observed()
        let store = world.store, environment = world.environmentName, company = world.company
        seen.clientSecret = world.tenant.clientSecret

        // The moved meeting: its Start in each owner's mailbox, as the simulator stores it.
        let meeting = company.highlights.sharedMeeting
        let record = try #require(try await store.record(environment: environment, key: meeting))
        if case .instant(let start)? = record.fields[FieldName.start] { seen.expectedMeetingStart = start }
        let original = try #require(company.record(meeting))
        #expect(original.fields[FieldName.start] != record.fields[FieldName.start], "the ERP moved the meeting")
        for owner in record.owners {
            let link = try #require(try await store.link(environment: environment, mailbox: owner, record: meeting))
            let item = try world.exchange.item(in: owner.rawValue, id: try Self.simulatorID(link.itemID, world, owner))
            seen.movedMeetingStarts[owner.rawValue] = Self.element("Start", in: item.xml).flatMap { try? Date($0, strategy: .iso8601) }
        }

        // The contact edited in Outlook: the CRM record and the ERP's feed.
        let contact = company.contacts.first { $0.owners.count > 1 } ?? company.contacts[0]
        seen.contactJobTitle = try await store.record(environment: environment, key: contact.key)?.fields[FieldName.jobTitle]
        let feed = try await store.outlookChanges(environment: environment, after: .start, limit: 1000).changes
        seen.contactFeedHasEdit = feed.contains { $0.record == contact.key && $0.operation == .updated && $0.fields[FieldName.jobTitle] != nil }

        // The task deleted in Outlook: a tombstone in the CRM, gone from the mailbox.
        let task = company.taskDeletedInOutlook
        seen.deletedTaskRecordIsTombstone = try await store.record(environment: environment, key: task)?.isDeleted == true
        let taskTitle = try #require(company.record(task)).title
        seen.deletedTaskStillInMailbox = try world.exchange.items(in: company.employees[2].address.rawValue, folder: "tasks")
            .contains { $0.subject == taskTitle }

        // The appointment tagged in Outlook: a new CRM record and a `created` feed entry.
        let paris = company.employees[1].address
        let coffee = try #require(
            try world.exchange.items(in: paris.rawValue, folder: "calendar").first {
                $0.subject == DemoOutlookItems.coffeeSubject(DemoCustomers.all[1].name)
            })
        let parisUser = DemoOutlookUser(exchange: world.exchange, store: store, environment: environment, mailbox: paris)
        let coffeeLink = try #require(try await parisUser.link(ofItem: coffee.id))
        seen.taggedRecordSubject = try await store.record(environment: environment, key: coffeeLink.record)?.fields[FieldName.subject]
        seen.taggedFeedHasCreate = feed.contains { $0.record == coffeeLink.record && $0.operation == .created }

        // The conflict: recorded, and the CRM's value on both sides (crm-wins).
        let demo = company.highlights.conflictMeeting
        let conflicts = try await store.conflicts(environment: environment, matching: ConflictQuery(record: demo))
        seen.conflictFields = conflicts.flatMap { $0.conflict.fields.map(\.name) }
        seen.conflictRecordLocation = try await store.record(environment: environment, key: demo)?.fields[FieldName.location]
        let demoLink = try #require(try await store.link(environment: environment, mailbox: paris, record: demo))
        let demoItemID = try Self.simulatorID(demoLink.itemID, world, paris)
        seen.conflictItemLocation = Self.element("Location", in: try world.exchange.item(in: paris.rawValue, id: demoItemID).xml)

        // Tamper with an item behind the service's back: the convergence check must notice.
        try world.exchange.updateItem(in: paris.rawValue, id: demoItemID, set: ["Subject": "Changed behind the sync's back"])
        let check = try await DemoConvergenceCheck(store: store, environment: environment, driver: driver).run(mailboxes: [paris])
        seen.divergenceAfterTampering = check.divergences.flatMap(\.fields)
        return seen
    }

    /// The simulator's id of a linked item (a link through Graph holds the item's Graph id).
    static func simulatorID(_ itemID: String, _ world: DemoWorld, _ mailbox: MailboxAddress) throws -> String {
        try world.exchange.itemID(graphID: itemID, in: mailbox.rawValue) ?? itemID
    }

    /// The text of the first `<…:name>` element of an item's XML.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: ":\(name)>") ?? xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}

/// A flag set from a `@Sendable` closure.
final class ObservedFlag: Sendable {
    private let state = Mutex(false)
    func set(_ value: Bool) { state.withLock { $0 = value } }
    var value: Bool { state.withLock { $0 } }
}

/// Carries what `afterScript` observed out of its `@Sendable` closure.
final class ObservedBox: Sendable {
    private let state = Mutex(DemoTests.Observed())
    func set(_ value: DemoTests.Observed) { state.withLock { $0 = value } }
    var value: DemoTests.Observed { state.withLock { $0 } }
}
