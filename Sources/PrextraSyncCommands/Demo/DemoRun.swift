import Foundation
import SyncEngine
import ServiceConfiguration
import SyncStore

/// What `prextra-sync demo` was asked to do.
struct DemoOptions: Sendable {
    var seedNumber: UInt64 = 42
    var size: DemoCompanySize = .standard
    var week: LocalDate = LocalDate(year: 2026, month: 12, day: 7)!
    var stateDirectory: String?
    var json = false
    var progress: DemoProgressDisplay.Style = .lines
    var terminalColumns = 80
    /// The API the service reaches the mailboxes through.
    var api: ExchangeAPI = .ews
}

/// The demo from start to end: build the world, seed it, first sync, the scripted day, the
/// summary and the convergence check. `afterScript` runs while everything is still up
/// (`--keep-running` waits there).
enum DemoRun {
    typealias DriverFactory = @Sendable (DemoWorld) async throws -> any DemoSyncDriver

    static func execute(
        _ options: DemoOptions, output: CommandOutput, makeDriver: DriverFactory,
        afterScript: @Sendable (DemoWorld, any DemoSyncDriver) async throws -> Void = { _, _ in }
    ) async throws -> DemoReport {
        let narrator = DemoNarrator(output: output, isSilent: options.json)
        narrator.title(seedNumber: options.seedNumber)
        let company = DemoCompany.generate(
            seedNumber: options.seedNumber, size: options.size, week: options.week, category: SyncEngine.SyncPolicy.defaultOptInCategory)
        let stateDirectory = try DemoStateDirectory.prepare(options.stateDirectory)
        let world: DemoWorld
        do { world = try await DemoWorld.start(company: company, stateDirectory: stateDirectory, api: options.api) } catch {
            stateDirectory.removeIfTemporary()
            throw error
        }
        let driver: any DemoSyncDriver
        do {
            try await world.seedCRM()
            driver = try await makeDriver(world)
        } catch {
            await world.stop()
            throw error
        }
        do {
            let report = try await play(world: world, driver: driver, options: options, narrator: narrator, output: output)
            try await afterScript(world, driver)
            await driver.shutdown()
            await world.stop()
            return report
        } catch {
            await driver.shutdown()
            await world.stop()
            throw error
        }
    }

    private static func play(
        world: DemoWorld, driver: any DemoSyncDriver, options: DemoOptions, narrator: DemoNarrator, output: CommandOutput
    ) async throws -> DemoReport {
        let company = world.company
        let mailboxes = company.employees.map(\.address)
        let decisions = DemoDecisionReader(store: world.store, environment: world.environmentName)
        let sync = DemoSyncRounds(driver: driver, decisions: decisions, mailboxes: mailboxes)
        var report = DemoReport(company: facts(company))
        report.stateDirectory = world.stateDirectory.isTemporary ? nil : world.stateDirectory.url.path
        narrator.company(report.company, world: world)

        // First sync, mailbox by mailbox, with progress.
        narrator.firstSyncStarts(mailboxes: mailboxes.count)
        let display = DemoProgressDisplay(
            output: output, style: options.json ? .none : options.progress, total: mailboxes.count, columns: options.terminalColumns)
        var written = 0
        for (index, mailbox) in mailboxes.enumerated() {
            let before = written
            let counts = try await driver.syncNow(mailbox) { progress in
                display.live(done: index, current: "\(mailbox.rawValue): \(progress.activity)", written: before)
            }
            written += counts.outlookWrites + counts.crmWrites
            display.update(done: index + 1, current: mailbox.rawValue, counts: counts, written: written)
        }
        display.finish()
        _ = try await sync.settle(first: [])
        let firstDecisions = try await decisions.decisions(after: 0)
        report.firstSync = DemoReport.FirstSync(
            mailboxes: mailboxes.count,
            itemsCreatedInOutlook: firstDecisions.count { $0.decision.action == .create && $0.decision.target == .outlook },
            recordsCreatedFromOutlook: firstDecisions.count { $0.decision.action == .create && $0.decision.target == .crm },
            privateItemsLeftAlone: try await privateItemsLeftAlone(world),
            decisions: firstDecisions.count)
        narrator.firstSyncDone(report.firstSync!)

        // The day.
        narrator.dayStarts()
        for (number, step) in DemoDay.steps(for: company, policy: world.enginePolicy).enumerated() {
            let decisionBefore = try await decisions.newestID()
            let conflictBefore =
                try await world.store.conflicts(environment: world.environmentName, matching: ConflictQuery(limit: 1)).first?.id ?? 0
            let feedBefore = try await world.store.environment(world.environmentName)?.outlookFeedHead ?? .start
            let context = DemoStepContext(world: world, driver: driver, outlookFeedBefore: feedBefore)
            let outcome = try await step.act(context)
            let passes = try await sync.settle(first: step.actingMailboxes)
            let flows = try await decisions.decisions(after: decisionBefore).map(DemoFlow.init)
            let conflicts = try await world.store.conflicts(environment: world.environmentName, matching: ConflictQuery(limit: 50))
                .filter { $0.id > conflictBefore }.map(describe)
            let stepReport = DemoReport.Step(
                id: step.id, title: step.title, story: outcome.story, flows: flows, conflicts: conflicts, checks: try await outcome.checks())
            report.steps.append(stepReport)
            narrator.step(number + 1, stepReport, passes: passes)
        }

        // Summary and convergence.
        let conflictCount = try await world.store.conflicts(environment: world.environmentName, matching: ConflictQuery(limit: 1000)).count
        report.summary = DemoSummary.make(
            decisions: try await decisions.decisions(after: 0), conflicts: conflictCount, requestLog: world.exchange.requestLog,
            excluding: driver.ownRequestRanges, tokenRequests: world.entra.totalTokenRequestCount)
        narrator.summary(report.summary!)
        let convergence = try await DemoConvergenceCheck(store: world.store, environment: world.environmentName, driver: driver)
            .run(mailboxes: mailboxes)
        report.convergence = convergence
        narrator.convergence(convergence)
        report.succeeded = convergence.converged && report.steps.allSatisfy(\.passed)
        narrator.verdict(report.succeeded)
        return report
    }

    /// The Outlook items without the category that are still in their mailbox, unlinked.
    static func privateItemsLeftAlone(_ world: DemoWorld) async throws -> Int {
        var count = 0
        for item in world.company.outlookItems where !item.optedIn {
            let found = try world.exchange.items(in: item.mailbox.rawValue, folder: item.folder)
                .first { $0.subject == item.subject || $0.xml.contains(">\(DemoOutlookItems.escaped(item.subject))<") }
            guard let found else { continue }
            let link = try await world.store.link(environment: world.environmentName, mailbox: item.mailbox, itemID: found.id)
            if link == nil { count += 1 }
        }
        return count
    }

    static func describe(_ entry: ConflictEntry) -> String {
        let conflict = entry.conflict
        let fields = conflict.fields.map { field in
            "\(field.name): CRM \(DemoFieldComparison.describe(field.crm)) vs Outlook \(DemoFieldComparison.describe(field.outlook))"
        }
        let winner = conflict.winner == .crm ? "the CRM's value wins" : "Outlook's value wins"
        return "conflict on \(conflict.record.id) (\(DemoNarrator.localPart(conflict.mailbox.rawValue))), "
            + fields.joined(separator: "; ") + "; policy \(conflict.policy): \(winner)"
    }

    static func facts(_ company: DemoCompany) -> DemoReport.Company {
        let appointments = company.appointments.compactMap { try? AppointmentFields(fields: $0.fields) }
        var zones: [String] = []
        for employee in company.employees where !zones.contains(employee.office.timeZone) { zones.append(employee.office.timeZone) }
        return DemoReport.Company(
            name: DemoCompany.name, environment: DemoCompany.environment, seedNumber: company.seedNumber,
            week: company.week.description, employees: company.employees.count, timeZones: zones,
            contacts: company.contacts.count, appointments: company.appointments.count,
            recurringAppointments: appointments.count { $0.recurrence != nil },
            allDayAppointments: appointments.count { $0.timing.isAllDay }, tasks: company.tasks.count,
            outlookItems: company.outlookItems.count, outlookItemsOptedIn: company.outlookItems.count(where: \.optedIn))
    }
}

/// Runs cycles over the company's mailboxes.
struct DemoSyncRounds: Sendable {
    let driver: any DemoSyncDriver
    let decisions: DemoDecisionReader
    let mailboxes: [MailboxAddress]

    func syncNow(_ mailbox: MailboxAddress) async throws {
        try await driver.syncNow(mailbox) { _ in }
    }

    /// Syncs every mailbox, `first` ones first, until a whole pass writes nothing (at most four
    /// passes): a change made in one mailbox reaches the record's other mailboxes on the way,
    /// and the quiet last pass shows that the service does not echo its own writes.
    /// Returns the number of passes.
    func settle(first: [MailboxAddress]) async throws -> Int {
        let order = first + mailboxes.filter { !first.contains($0) }
        for pass in 1...4 {
            let before = try await decisions.newestID()
            for mailbox in order { try await syncNow(mailbox) }
            let wrote = try await decisions.decisions(after: before).contains { DemoFlow($0).wrote }
            if !wrote { return pass }
        }
        return 5
    }
}
