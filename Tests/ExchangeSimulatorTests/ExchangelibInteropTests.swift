import ChildProcessSupport
import ExchangeSimulator
import Foundation
import Testing

/// Runs `scripts/exchangelib_interop.py` (Python exchangelib from PyPI) against a fresh
/// simulator with a token from the simulator's authority. Every response the simulator sends
/// is schema-checked server side. Runs when `.venv/bin/python` has exchangelib installed
/// (`python3 -m venv .venv && .venv/bin/pip install exchangelib`).
/// Skipped when the repository's `.venv` lacks exchangelib, unless `PREXTRA_REQUIRE_INTEROP` is set
/// (scripts/test.sh sets it in CI): then a missing venv fails the run instead of hiding the suite.
@Suite(
    "exchangelib interoperability",
    .enabled(
        if: ExchangelibEnvironment.python != nil || ProcessInfo.processInfo.environment["PREXTRA_REQUIRE_INTEROP"] != nil,
        "the repository's .venv has no exchangelib (run scripts/test.sh)"))
struct ExchangelibInteropTests {
    static var repository: URL { ExchangelibEnvironment.repository }
    static var python: URL? { ExchangelibEnvironment.python }
    @Test func exchangelibListsCreatesUpdatesSyncsAndDeletes() async throws {
        let python = try #require(Self.python)
        // SIMULATOR_RECORD=DIR keeps every request and response of the run for inspection.
        let record = ProcessInfo.processInfo.environment["SIMULATOR_RECORD"].map { URL(fileURLWithPath: $0) }
        try await SimulatorHarness.with(record: record) { harness in
            // Test acceleration: the streaming scenario's one-minute ConnectionTimeout lasts 2 s.
            harness.exchange.streaming.settings.streamingMinute = .seconds(2)
            let token = try harness.authority.token(tenantId: SimulatorHarness.contoso)
            let run = try await ChildProcess.run(
                python,
                arguments: [
                    Self.repository.appendingPathComponent("scripts/exchangelib_interop.py").path,
                    "--ews-url", harness.baseURL.appendingPathComponent("EWS/Exchange.asmx").absoluteString,
                    "--mailbox", SimulatorHarness.alice, "--token", token,
                ],
                mergingErrors: true)
            let text = run.standardOutput
            #expect(run.status == 0, "\(text)")
            #expect(text.contains("all checks passed"))
            #expect(!text.contains(token), "the token never reaches the output")
            let faults = harness.exchange.requestLog.filter { $0.httpStatus != 200 }
            #expect(faults.isEmpty, "\(faults)")
        }
    }
}

/// Where the repository and its Python venv are.
enum ExchangelibEnvironment {
    static var repository: URL { RepositoryPython.repository }

    static var python: URL? { RepositoryPython.python(importing: ["exchangelib"]) }
}
