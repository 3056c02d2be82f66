import Foundation

/// Prints the demo for a person: short numbered sections, aligned tables, ✓ and ✗ for checks.
/// With `--json` it stays silent and the command prints the report at the end instead.
struct DemoNarrator: Sendable {
    let output: CommandOutput
    let isSilent: Bool

    private func line(_ text: String = "") {
        if !isSilent { output.line(text) }
    }

    private func section(_ number: Int, _ title: String) {
        line()
        line("\(number). \(title)")
        line(String(repeating: "─", count: title.count + 3))
    }

    func title(seedNumber: UInt64) {
        line("Prextra ⇄ Outlook sync: the demo")
        line("A simulated Exchange, a SQLite store and the sync service, all in this process. Seed number \(seedNumber).")
    }

    /// A scene as one environment played it.
    struct PlayedStep: Sendable {
        /// The environment's label, when several run side by side.
        var environment: String?
        var step: DemoReport.Step
        var passes: Int
    }

    /// Names the environment the next lines are about, when several run side by side.
    func environment(_ label: String?) {
        guard let label else { return }
        line()
        line("▸ \(label)")
    }

    func company(_ facts: DemoReport.Company, worlds: [DemoWorld]) {
        section(1, "The company")
        line("\(facts.name): \(facts.employees) employees, one mailbox each, in \(facts.timeZones.count) time zones:")
        line("  " + facts.timeZones.joined(separator: ", "))
        var table = TextTable(columns: ["where", "what"])
        table.addRow([
            "CRM (written by the ERP)",
            "\(facts.contacts) contacts, \(facts.appointments) appointments (\(facts.recurringAppointments) recurring, "
                + "\(facts.allDayAppointments) all-day), \(facts.tasks) tasks",
        ])
        table.addRow([
            "Outlook (already there)",
            "\(facts.outlookItems) items; \(facts.outlookItemsOptedIn) carry the \"Prextra\" category, the others stay private",
        ])
        for world in worlds {
            table.addRow([
                worlds.count > 1 ? "Environment \(world.environmentName)" : "Exchange simulator",
                world.environment.api == .graph
                    ? world.baseURL.absoluteString + "/v1.0 (Exchange Online, Microsoft Graph)"
                    : world.baseURL.absoluteString + "/EWS/Exchange.asmx (on-premises Exchange, EWS)",
            ])
        }
        let directory = worlds[0].stateDirectory
        table.addRow(["State store", directory.databasePath + (directory.isTemporary ? " (removed at the end)" : "")])
        table.addRow(["Calendar week", "starting Monday \(facts.week)"])
        write(table)
        if worlds.count > 1 {
            line("The same company twice, side by side: every scene runs in both environments, and both are checked.")
        }
    }

    func firstSyncStarts() {
        section(2, "First sync")
        line("Each mailbox's cycle reads its Outlook changes, the CRM changes, merges, writes both sides and commits.")
    }

    func firstSyncDone(_ sync: DemoReport.FirstSync) {
        line("Done: \(sync.itemsCreatedInOutlook) items created in Outlook; \(sync.recordsCreatedFromOutlook) CRM records created "
            + "from Outlook items that carry the category; \(sync.privateItemsLeftAlone) private Outlook items left alone.")
        line("\(sync.decisions) decisions logged; a second pass over every mailbox wrote nothing.")
    }

    func dayStarts() {
        section(3, "A day at the company")
        line("Each scene changes one side, runs the sync, and shows the decision log: what flowed where, and why.")
    }

    func step(_ number: Int, _ played: [PlayedStep]) {
        line()
        line("3.\(number) \(played[0].step.title)")
        for storyLine in Self.wrapped(played[0].step.story, width: 100) { line("   " + storyLine) }
        for scene in played {
            if let environment = scene.environment { line("   ▸ \(environment)") }
            step(scene.step, passes: scene.passes)
        }
    }

    private func step(_ step: DemoReport.Step, passes: Int) {
        let flows = step.flows.filter(\.wrote)
        if flows.isEmpty {
            line("   (nothing flowed)")
        } else {
            var table = TextTable(columns: ["mailbox", "record", "what", "flow", "fields", "why"])
            for flow in flows {
                table.addRow([
                    flow.mailbox.map(Self.localPart) ?? "—", flow.record, "\(flow.action) \(flow.kind)", flow.direction,
                    flow.fields.joined(separator: ", "), flow.reason,
                ])
            }
            write(table, indent: "   ")
        }
        for conflict in step.conflicts { line("   ⚡ \(conflict)") }
        for check in step.checks {
            line("   \(check.passed ? "✓" : "✗") \(check.description)" + (check.detail.map { ": \($0)" } ?? ""))
        }
        switch passes {
        case ...1: line("   The sync pass wrote nothing.")
        case 2: line("   One sync pass carried it; the next wrote nothing (no echo).")
        default: line("   \(passes - 1) sync passes carried it; the next wrote nothing (no echo).")
        }
    }

    func summaryStarts() { section(4, "Summary") }

    func summary(_ summary: DemoSummary) {
        var table = TextTable(columns: ["kind", "→ Outlook created", "updated", "deleted", "→ CRM created", "updated", "deleted"])
        for kind in summary.kinds {
            table.addRow([
                kind.kind, String(kind.createdInOutlook), String(kind.updatedInOutlook), String(kind.deletedInOutlook),
                String(kind.createdInCRM), String(kind.updatedInCRM), String(kind.deletedInCRM),
            ])
        }
        write(table)
        line("Conflicts: \(summary.conflicts), each decided by the policy and recorded for the operator.")
        func listed(_ counts: [String: Int]) -> String {
            counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        line("Requests by the service: \(summary.exchangeRequestsTotal) to Exchange (\(listed(summary.exchangeRequests))); "
            + "\(summary.tokenRequests) to the token endpoint.")
        if !summary.batchedOperations.isEmpty {
            let total = summary.batchedOperations.values.reduce(0, +)
            line("The $batch requests carried \(total) operations (\(listed(summary.batchedOperations))).")
        }
        line("(The demo's own checks read items back with \(summary.checkRequests) more requests.)")
    }

    func convergenceStarts() { section(5, "Convergence") }

    func convergence(_ report: DemoConvergenceReport) {
        if report.converged {
            line("✓ Both sides agree: \(report.linksCompared) links compared field by field with the items read back through the connector, "
                + "in \(report.mailboxes) mailboxes; \(report.recordsChecked) owned records each have their item, no duplicates.")
        } else {
            line("✗ \(report.divergences.count) divergences:")
            var table = TextTable(columns: ["mailbox", "record", "problem", "fields"])
            for divergence in report.divergences {
                table.addRow([
                    Self.localPart(divergence.mailbox), divergence.record ?? "—", divergence.problem,
                    divergence.fields.joined(separator: "; "),
                ])
            }
            write(table)
        }
    }

    func verdict(_ succeeded: Bool, environments: Int) {
        line()
        let scope = environments > 1 ? " in both environments" : ""
        line(succeeded ? "Result: converged\(scope). Every scene flowed as promised." : "Result: NOT converged (see above).")
    }

    func note(_ text: String) { line(text) }

    private func write(_ table: TextTable, indent: String = "  ") {
        guard !isSilent else { return }
        for row in table.rendered().split(separator: "\n", omittingEmptySubsequences: false) where !row.isEmpty {
            output.line(indent + row)
        }
    }

    /// `text` in lines of at most `width` characters, broken at spaces.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func localPart(_ address: String) -> String {
        address.split(separator: "@").first.map(String.init) ?? address
    }
}
