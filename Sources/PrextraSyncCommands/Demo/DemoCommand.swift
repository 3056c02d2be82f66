import ArgumentParser
import Foundation
import ServiceConfiguration
import SyncEngine

/// `prextra-sync demo`: the product on a laptop, with no configuration and no Microsoft account.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the sync against a simulated Exchange with a generated company, and show what flows where.",
        discussion: """
            Starts the Exchange simulator on 127.0.0.1, a SQLite store and the sync service in this process, \
            with two environments side by side (on-premises Exchange through EWS, Exchange Online through \
            Microsoft Graph; --api keeps one); seeds a company (employees across time zones, CRM contacts, appointments, tasks, a few items \
            already in Outlook); runs the first sync; plays a scripted day (the ERP moves a meeting, users \
            edit, delete and tag items in Outlook, both sides change the same field); prints a summary and \
            checks that both sides converged in each environment. Exits 0 only if they did.
            """)

    @Option(name: .long, help: "Generates the same company for the same number.")
    var seedNumber: UInt64 = 42

    @Option(name: .long, help: "Number of employees (mailboxes), at least 4.")
    var employees: Int = DemoCompanySize.standard.employees

    @Option(name: .long, help: "Number of CRM contacts.")
    var contacts: Int = DemoCompanySize.standard.contacts

    @Option(name: .long, help: "Keep the SQLite store in this directory (default: a temporary directory, removed at the end).")
    var stateDir: String?

    @Flag(name: .long, help: "After the script, keep the simulator and the service running until Ctrl-C.")
    var keepRunning = false

    @Option(name: .long, help: "With --keep-running: seconds between two sync passes.")
    var interval: Int = 15

    @Option(name: .long, help: "With --keep-running: the HTTP API's port on 127.0.0.1 (a free one if taken).")
    var apiPort: Int = 8080

    @Option(name: .long, help: "The API the service reaches the mailboxes through: ews, graph, or both (two environments side by side).")
    var api: APIChoice = .both

    @Option(name: .long, help: "Progress of the first sync: auto (a bar on a terminal), bar or lines.")
    var progress: ProgressChoice = .auto

    @OptionGroup var output: OutputOptions

    enum ProgressChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case auto, bar, lines
    }

    enum APIChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case ews, graph, both

        var apis: [ExchangeAPI] {
            switch self {
            case .ews: [.ews]
            case .graph: [.graph]
            case .both: [.ews, .graph]
            }
        }
    }

    func validate() throws {
        guard employees >= 4 else { throw ValidationError("--employees must be at least 4: the scripted day needs four colleagues.") }
        guard contacts >= 4 else { throw ValidationError("--contacts must be at least 4.") }
        guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second.") }
    }

    func run() async throws {
        let context = CommandContext.current
        var options = DemoOptions()
        options.seedNumber = seedNumber
        options.size.employees = employees
        options.size.contacts = contacts
        options.stateDirectory = stateDir
        options.apis = api.apis
        options.json = output.json
        options.terminalColumns = context.environmentVariables["COLUMNS"].flatMap(Int.init) ?? 80
        options.progress =
            switch progress {
            case .auto: DemoProgressDisplay.automaticStyle(environment: context.environmentVariables)
            case .bar: .bar
            case .lines: .lines
            }
        let keepRunning = self.keepRunning, interval = self.interval, apiPort = self.apiPort, json = output.json
        let report: DemoRunReport
        do {
            report = try await DemoRun.execute(
                options, output: context.output, makeDriver: { try DemoServiceDriver.make(world: $0) },
                afterScript: { sides in
                    if keepRunning {
                        try await DemoKeepRunning(
                            sides: sides, output: context.output, interval: interval, apiPort: apiPort,
                            toStandardError: json).run()
                    }
                })
        } catch let error as DemoError {
            context.output.errorLine("error: \(error)")
            throw ExitCode(2)
        }
        if output.json { context.output.line(try JSONOutput.render(report)) }
        if !report.succeeded { throw ExitCode(1) }
    }
}
