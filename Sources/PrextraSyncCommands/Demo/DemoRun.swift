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
    /// The APIs the service reaches the mailboxes through, one environment each, side by side.
    var apis: [ExchangeAPI] = [.ews, .graph]
}

/// The demo from start to end: build the environments, seed them, first sync, the scripted
/// day, the summary and the convergence check, each phase on every environment in turn.
/// `afterScript` runs while everything is still up (`--keep-running` waits there).
enum DemoRun {
    typealias DriverFactory = @Sendable (DemoWorld) async throws -> any DemoSyncDriver

    static func execute(
        _ options: DemoOptions, output: CommandOutput, makeDriver: DriverFactory,
        afterScript: @Sendable ([DemoSide]) async throws -> Void = { _ in }
    ) async throws -> DemoRunReport {
        let narrator = DemoNarrator(output: output, isSilent: options.json)
        narrator.title(seedNumber: options.seedNumber)
        let company = DemoCompany.generate(
            seedNumber: options.seedNumber, size: options.size, week: options.week, category: SyncEngine.SyncPolicy.defaultOptInCategory)
        let stateDirectory = try DemoStateDirectory.prepare(options.stateDirectory)
        let store: SQLiteSyncStore
        do { store = try await SQLiteSyncStore.open(path: stateDirectory.databasePath) } catch {
            stateDirectory.removeIfTemporary()
            throw error
        }
        var worlds: [DemoWorld] = []
        var sides: [DemoSide] = []
        do {
            for api in options.apis {
                let world = try await DemoWorld.start(
                    company: company, store: store, stateDirectory: stateDirectory, api: api,
                    environmentName: DemoSide.environmentName(for: api, among: options.apis))
                worlds.append(world)
                try await world.seedCRM()
                sides.append(DemoSide(world: world, driver: try await makeDriver(world)))
            }
            let report = try await play(sides: sides, options: options, narrator: narrator, output: output)
            try await afterScript(sides)
            await stop(sides.map(\.driver), worlds, store, stateDirectory)
            return report
        } catch {
            await stop(sides.map(\.driver), worlds, store, stateDirectory)
            throw error
        }
    }

    private static func stop(
        _ drivers: [any DemoSyncDriver], _ worlds: [DemoWorld], _ store: SQLiteSyncStore, _ directory: DemoStateDirectory
    ) async {
        for driver in drivers { await driver.shutdown() }
        for world in worlds { await world.stop() }
        try? store.close()
        directory.removeIfTemporary()
    }

    private static func play(
        sides: [DemoSide], options: DemoOptions, narrator: DemoNarrator, output: CommandOutput
    ) async throws -> DemoRunReport {
        let labelled = sides.count > 1
        func label(_ side: DemoSide) -> String? { labelled ? side.world.label : nil }
        var reports = sides.map { side in
            var report = DemoReport(api: side.world.environment.api.rawValue, company: facts(side.world))
            report.stateDirectory = side.world.stateDirectory.isTemporary ? nil : side.world.stateDirectory.url.path
            return report
        }
        narrator.company(reports[0].company, worlds: sides.map(\.world))

        narrator.firstSyncStarts()
        for (index, side) in sides.enumerated() {
            narrator.environment(label(side))
            reports[index].firstSync = try await firstSync(side, options: options, output: output)
            narrator.firstSyncDone(reports[index].firstSync!)
        }

        narrator.dayStarts()
        let days = sides.map { DemoDay.steps(for: $0.world.company, policy: $0.world.enginePolicy) }
        for number in days[0].indices {
            var played: [DemoNarrator.PlayedStep] = []
            for (index, side) in sides.enumerated() {
                let (step, passes) = try await play(days[index][number], on: side)
                reports[index].steps.append(step)
                played.append(DemoNarrator.PlayedStep(environment: label(side), step: step, passes: passes))
            }
            narrator.step(number + 1, played)
        }

        narrator.summaryStarts()
        for (index, side) in sides.enumerated() {
            let world = side.world
            let conflicts = try await world.store.conflicts(environment: world.environmentName, matching: ConflictQuery(limit: 1000)).count
            let summary = DemoSummary.make(
                decisions: try await DemoDecisionReader(store: world.store, environment: world.environmentName).decisions(after: 0),
                conflicts: conflicts, requestLog: world.exchange.requestLog, excluding: side.driver.ownRequestRanges,
                tokenRequests: world.entra.totalTokenRequestCount)
            reports[index].summary = summary
            narrator.environment(label(side))
            narrator.summary(summary)
        }

        narrator.convergenceStarts()
        for (index, side) in sides.enumerated() {
            let world = side.world
            let convergence = try await DemoConvergenceCheck(store: world.store, environment: world.environmentName, driver: side.driver)
                .run(mailboxes: world.company.employees.map(\.address))
            reports[index].convergence = convergence
            reports[index].succeeded = convergence.converged && reports[index].steps.allSatisfy(\.passed)
            narrator.environment(label(side))
            narrator.convergence(convergence)
        }
        let run = DemoRunReport(environments: reports)
        narrator.verdict(run.succeeded, environments: reports.count)
        return run
    }

    /// Every mailbox's first cycle, with progress, then passes until one writes nothing.
    private static func firstSync(_ side: DemoSide, options: DemoOptions, output: CommandOutput) async throws -> DemoReport.FirstSync {
        let world = side.world, driver = side.driver
        let mailboxes = world.company.employees.map(\.address)
        let decisions = DemoDecisionReader(store: world.store, environment: world.environmentName)
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
        _ = try await DemoSyncRounds(driver: driver, decisions: decisions, mailboxes: mailboxes).settle(first: [])
        let firstDecisions = try await decisions.decisions(after: 0)
        return DemoReport.FirstSync(
            mailboxes: mailboxes.count,
            itemsCreatedInOutlook: firstDecisions.count { $0.decision.action == .create && $0.decision.target == .outlook },
            recordsCreatedFromOutlook: firstDecisions.count { $0.decision.action == .create && $0.decision.target == .crm },
            privateItemsLeftAlone: try await privateItemsLeftAlone(world),
            decisions: firstDecisions.count)
    }

    /// One scene on one environment: act, sync until quiet, and gather what flowed.
    private static func play(_ step: DemoStep, on side: DemoSide) async throws -> (DemoReport.Step, passes: Int) {
        let world = side.world
        let decisions = DemoDecisionReader(store: world.store, environment: world.environmentName)
        let sync = DemoSyncRounds(driver: side.driver, decisions: decisions, mailboxes: world.company.employees.map(\.address))
        let decisionBefore = try await decisions.newestID()
        let conflictBefore =
            try await world.store.conflicts(environment: world.environmentName, matching: ConflictQuery(limit: 1)).first?.id ?? 0
        let feedBefore = try await world.store.environment(world.environmentName)?.outlookFeedHead ?? .start
        let context = DemoStepContext(world: world, driver: side.driver, outlookFeedBefore: feedBefore)
        let outcome = try await step.act(context)
        let passes = try await sync.settle(first: step.actingMailboxes)
        let flows = try await decisions.decisions(after: decisionBefore).map(DemoFlow.init)
        let conflicts = try await world.store.conflicts(environment: world.environmentName, matching: ConflictQuery(limit: 50))
            .filter { $0.id > conflictBefore }.map(describe)
        let report = DemoReport.Step(
            id: step.id, title: step.title, story: outcome.story, flows: flows, conflicts: conflicts, checks: try await outcome.checks())
        return (report, passes)
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

    static func facts(_ world: DemoWorld) -> DemoReport.Company {
        let company = world.company
        let appointments = company.appointments.compactMap { try? AppointmentFields(fields: $0.fields) }
        var zones: [String] = []
        for employee in company.employees where !zones.contains(employee.office.timeZone) { zones.append(employee.office.timeZone) }
        return DemoReport.Company(
            name: DemoCompany.name, environment: world.environmentName, seedNumber: company.seedNumber,
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
