import Foundation
import PrextraSyncCommands

/// The outcome of running `prextra-sync` with some arguments, in-process.
struct CommandLineRun {
    let exitCode: Int32
    let standardOutput: String
    let standardError: String

    /// Everything the command printed, for leak checks.
    var allOutput: String { standardOutput + standardError }

    /// Parses and runs `arguments` as the executable would, capturing the output.
    static func run(_ arguments: [String], variables: [String: String] = [:]) async -> CommandLineRun {
        let captured = CapturedCommandOutput()
        let context = CommandContext(
            output: captured.output, environmentVariables: variables,
            now: { Date(timeIntervalSince1970: 1_795_996_800) })  // 2026-11-30
        let code = await PrextraSync.run(arguments: arguments, context: context)
        return CommandLineRun(exitCode: code, standardOutput: captured.standardOutput, standardError: captured.standardError)
    }

    /// Standard output parsed as a JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(standardOutput.utf8))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
        return dictionary
    }
}

enum ConfigurationFiles {
    static let prextraTenant = "3f2b8c1e-7d4a-4e9b-a6c5-91d0e8f7b2a4"
    static let prextraApp = "b7e4c2d9-1a3f-4c8e-9d6b-5f0a2e7c1b38"
    static let prextraSecret = "Qx78Q~h3Lk.Zp9vR2sWm_T4yN6bC8dE0fG1hJ2kL"
    static let autreTenant = "e1c9a7b5-3d2f-4a6e-8b0c-7f9d1e3a5c27"
    static let autreApp = "5a8d3f1c-9e7b-4d2a-b6c4-0e1f3a5b7d92"
    static let autreSecret = "aB38Q~mN1oP2qR3sT4uV5wX6yZ7-aB8cD9eF0gH1"

    static let seedSection = """
    { "Exchange": [
        { "Environment": "prextra", "ApplicationId": "\(prextraApp)", "ClientSecret": "\(prextraSecret)", "TenantId": "\(prextraTenant)" },
        { "Environment": "autreClient", "ApplicationId": "\(autreApp)", "ClientSecret": "\(autreSecret)", "TenantId": "\(autreTenant)" }
      ],
      "Logging": { "LogLevel": { "Default": "Information" } } }
    """

    /// Writes `json` (and `files`) into a fresh folder; returns the configuration's path.
    static func write(_ json: String, files: [String: String] = [:]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (path, contents) in files {
            try contents.write(to: directory.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        let file = directory.appendingPathComponent("appsettings.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
