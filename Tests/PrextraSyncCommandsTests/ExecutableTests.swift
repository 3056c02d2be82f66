import ChildProcessSupport
import Foundation
import Testing

/// Runs the built `prextra-sync` executable itself, to prove that `main` reaches the same
/// commands and exit codes as the in-process runs.
@Suite("The prextra-sync executable")
struct ExecutableTests {
    /// The executable sits beside the test bundle in the build folder.
    static let executable: URL? = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On macOS the test binary is inside `….xctest/Contents/MacOS`.
        while folder.pathComponents.count > 1, folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
            folder.deleteLastPathComponent()
        }
        let candidate = folder.appendingPathComponent("prextra-sync")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    private func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String, String) {
        let outcome = try await ChildProcess.run(try #require(Self.executable), arguments: arguments, environment: environment)
        return (outcome.status, outcome.standardOutput, outcome.standardError)
    }

    @Test(.enabled(if: executable != nil, "build the prextra-sync product first (swift build)"))
    func configCheckThroughTheExecutable() async throws {
        let good = try ConfigurationFiles.write(ConfigurationFiles.seedSection)
        let (status, stdout, _) = try await run(["config", "check", good])
        #expect(status == 0)
        #expect(stdout.contains("2 valid, 0 with warnings, 0 invalid."))
        #expect(!stdout.contains(ConfigurationFiles.prextraSecret))

        let broken = try ConfigurationFiles.write(#"{ "Exchange": [ { "Environment": "x", "ClientSecretVariable": "NOPE" } ] }"#)
        let (brokenStatus, brokenOut, _) = try await run(["config", "check", broken, "--json"])
        #expect(brokenStatus == 1)
        #expect(brokenOut.contains("\"missing-variable\""))
    }
}
