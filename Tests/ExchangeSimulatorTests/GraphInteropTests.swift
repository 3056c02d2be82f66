import ChildProcessSupport
import ExchangeSimulator
import Foundation
import Testing

/// Runs `scripts/graph_interop.py`: Microsoft's msgraph-sdk (1.65.0) and the O365 client (2.1.10),
/// from the repository's `.venv`, against a fresh simulator's Graph side with a Graph token.
/// Skipped when the `.venv` lacks them, unless `PREXTRA_REQUIRE_INTEROP` is set (scripts/test.sh
/// sets it under CI=true): then a missing tool fails the run instead of hiding the suite.
@Suite(
    "msgraph-sdk and O365 interoperability",
    .enabled(
        if: GraphInteropEnvironment.python != nil || ProcessInfo.processInfo.environment["PREXTRA_REQUIRE_INTEROP"] != nil,
        "the repository's .venv has no msgraph-sdk/O365 (run scripts/test.sh)"))
struct GraphInteropTests {
    func run(_ only: String) async throws {
        let python = try #require(GraphInteropEnvironment.python, "the .venv needs msgraph-sdk, Deprecated and O365 (scripts/python-requirements.txt)")
        try await SimulatorHarness.with { harness in
            let token = try harness.graphToken()
            let outcome = try await ChildProcess.run(
                python,
                arguments: [
                    ExchangelibEnvironment.repository.appendingPathComponent("scripts/graph_interop.py").path,
                    "--base-url", harness.baseURL.absoluteString, "--mailbox", SimulatorHarness.alice,
                    "--tenant", SimulatorHarness.contoso, "--token", token, "--only", only,
                ],
                mergingErrors: true)
            let text = outcome.standardOutput
            #expect(outcome.status == 0, "\(text)")
            #expect(text.contains("all checks passed"), "\(text)")
            #expect(!text.contains(token), "the token never reaches the output")
            if only == "o365" {
                #expect(text.contains("isOnlineMeeting is refused with 400"), "O365 2.1.10's string boolean meets the CSDL check")
            }
        }
    }

    @Test func msgraphSDKDrivesTheGraphSide() async throws { try await run("msgraph") }

    @Test func o365DrivesTheGraphSide() async throws { try await run("o365") }
}

/// The `.venv` Python when it has msgraph-sdk, Deprecated and O365.
enum GraphInteropEnvironment {
    static var python: URL? { RepositoryPython.python(importing: ["msgraph", "deprecated", "O365"]) }
}
