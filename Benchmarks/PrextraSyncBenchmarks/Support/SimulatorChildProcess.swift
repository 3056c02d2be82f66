import Foundation
import Synchronization

/// A simulator in a process of its own (this executable's `simulator-host` subcommand), so
/// that its memory is measured apart from the client's and the two do not share cores' time
/// slices within one process. It stops when its standard input closes, so it never outlives
/// the benchmark.
final class SimulatorChildProcess: @unchecked Sendable {
    let process: Process
    private let input: Pipe
    let baseURL: URL
    /// Seconds the child took to build its seed and start listening.
    let loadSeconds: Double
    /// The child's memory once loaded, before any request.
    let loadedMemory: ProcessMemory?

    private init(process: Process, input: Pipe, baseURL: URL, loadSeconds: Double, loadedMemory: ProcessMemory?) {
        self.process = process
        self.input = input
        self.baseURL = baseURL
        self.loadSeconds = loadSeconds
        self.loadedMemory = loadedMemory
    }

    var pid: Int32 { process.processIdentifier }

    func memory() -> ProcessMemory? { ProcessMemory.read(pid: pid) }

    static func launch(_ shape: BenchmarkWorld.Shape) async throws -> SimulatorChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "simulator-host", "--mailboxes", String(shape.mailboxes), "--appointments", String(shape.appointments),
            "--contacts", String(shape.contacts), "--tasks", String(shape.tasks), "--messages", String(shape.messages), "--latency-ms", String(shape.latencyMilliseconds),
            "--marking", shape.marking.rawValue,
        ]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let collected = Mutex(Data())
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            collected.withLock { $0.append(chunk) }
        }
        try process.run()
        // Loading 50,000 items takes a while on a busy machine; give up after ten minutes.
        for _ in 0..<6000 {
            let text = String(decoding: collected.withLock { $0 }, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening ") }), let url = URL(string: String(line.dropFirst(10))) {
                output.fileHandleForReading.readabilityHandler = nil
                let loaded = text.split(separator: "\n").first { $0.hasPrefix("loaded ") }?.split(separator: " ")
                let seconds = loaded.flatMap { $0.count > 1 ? Double($0[1]) : nil } ?? 0
                let child = SimulatorChildProcess(
                    process: process, input: input, baseURL: url, loadSeconds: seconds, loadedMemory: ProcessMemory.read(pid: process.processIdentifier))
                return child
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw BenchmarkError("the simulator process did not start: \(String(decoding: collected.withLock { $0 }, as: UTF8.self))")
    }

    /// Closes the child's standard input (it exits) and waits for it.
    func stop() async {
        try? input.fileHandleForWriting.close()
        let process = self.process
        await Task.detached { process.waitUntilExit() }.value
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
