import ArgumentParser
import ExchangeSimulator
import Foundation

/// `simulator-host` (internal): runs the simulator with a generated seed in this process until
/// standard input closes. The benchmarks start it as a child process (`SimulatorChildProcess`).
struct SimulatorHostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator-host", abstract: "Internal: a simulator with a generated seed, for the other benchmarks.",
        shouldDisplay: false)

    @Option var mailboxes = 1
    @Option var appointments = 0
    @Option var contacts = 0
    @Option var tasks = 0
    @Option var messages = 0
    @Option(name: .customLong("latency-ms")) var latencyMilliseconds = 0
    @Option var marking = BenchmarkWorld.Marking.crmTags.rawValue

    func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let seed = BenchmarkWorld.seed(
            .init(mailboxes: mailboxes, appointments: appointments, contacts: contacts, tasks: tasks, messages: messages, latencyMilliseconds: latencyMilliseconds,
                  marking: BenchmarkWorld.Marking(rawValue: marking) ?? .crmTags))
        let simulator = try ExchangeOnlineSimulator(configuration: SimulatorConfiguration(seed: seed, port: 0))
        let endpoints = try await simulator.start()
        let loaded = clock.now - started
        // Standard output is a pipe: write unbuffered, the parent waits for these lines.
        FileHandle.standardOutput.write(Data("loaded \(loaded.seconds)\nlistening \(endpoints.baseURL.absoluteString)\n".utf8))
        await Task.detached { _ = FileHandle.standardInput.readDataToEndOfFile() }.value
        await simulator.stop()
    }
}
