import Foundation

/// The repository's `.venv` Python, for the tests that drive third-party Python clients
/// (exchangelib, msgraph-sdk, O365) against the simulator.
public enum RepositoryPython {
    /// The repository's root (this file is `Tests/ChildProcessSupport/RepositoryPython.swift`).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `.venv/bin/python` when it exists and imports every one of `modules`; nil otherwise.
    public static func python(importing modules: [String]) -> URL? {
        let candidate = repository.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else { return nil }
        let probe = Process()
        probe.executableURL = candidate
        probe.arguments = ["-c", "import " + modules.joined(separator: ", ")]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? candidate : nil
    }
}
