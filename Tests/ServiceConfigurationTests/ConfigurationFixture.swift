import Foundation
import ServiceConfiguration

/// Real-looking identifiers and secrets, and a helper that writes a configuration (and the
/// files it references) into a fresh temporary folder, then loads it for real.
enum ConfigurationFixture {
    static let prextraTenant = "3f2b8c1e-7d4a-4e9b-a6c5-91d0e8f7b2a4"
    static let prextraApp = "b7e4c2d9-1a3f-4c8e-9d6b-5f0a2e7c1b38"
    static let prextraSecret = "Qx78Q~h3Lk.Zp9vR2sWm_T4yN6bC8dE0fG1hJ2kL"
    static let autreTenant = "e1c9a7b5-3d2f-4a6e-8b0c-7f9d1e3a5c27"
    static let autreApp = "5a8d3f1c-9e7b-4d2a-b6c4-0e1f3a5b7d92"
    static let autreSecret = "aB38Q~mN1oP2qR3sT4uV5wX6yZ7-aB8cD9eF0gH1"

    /// 2026-11-30T00:00:00Z, a fixed clock for expiry checks.
    static let now = Date(timeIntervalSince1970: 1_795_996_800)

    /// The vendor's section exactly as written today, with foreign ERP sections beside it.
    static let seedSection = """
    {
      "ConnectionStrings": { "Prextra": "Server=erp;Database=prextra;Trusted_Connection=True" },
      "Exchange": [
        { "Environment": "prextra", "ApplicationId": "\(prextraApp)", "ClientSecret": "\(prextraSecret)", "TenantId": "\(prextraTenant)" },
        { "Environment": "autreClient", "ApplicationId": "\(autreApp)", "ClientSecret": "\(autreSecret)", "TenantId": "\(autreTenant)" }
      ],
      "Logging": { "LogLevel": { "Default": "Information" } }
    }
    """

    /// One environment entry as JSON, with the seed's four keys plus `extra` (raw JSON members).
    static func environment(
        _ name: String? = "prextra", applicationID: String = prextraApp, tenantID: String = prextraTenant,
        secret: String? = prextraSecret, extra: String = ""
    ) -> String {
        var members: [String] = []
        if let name { members.append("\"Environment\": \"\(name)\"") }
        members.append("\"ApplicationId\": \"\(applicationID)\"")
        if let secret { members.append("\"ClientSecret\": \"\(secret)\"") }
        members.append("\"TenantId\": \"\(tenantID)\"")
        if !extra.isEmpty { members.append(extra) }
        return "{ " + members.joined(separator: ", ") + " }"
    }

    static func exchange(_ environments: String..., service: String? = nil) -> String {
        var text = "{ \"Exchange\": [ " + environments.joined(separator: ", ") + " ]"
        if let service { text += ", \"PrextraSync\": \(service)" }
        return text + " }"
    }

    /// Writes `json` as appsettings.json plus `files` (relative path → contents) in a new
    /// temporary folder and loads it.
    static func load(
        _ json: String, variables: [String: String] = [:], files: [String: String] = [:], now: Date = now
    ) throws -> LoadedConfiguration {
        let file = try write(json, files: files)
        return try ConfigurationLoader(environmentVariables: variables, now: now).load(contentsOf: file)
    }

    /// Writes the configuration and its files; returns the configuration file's URL.
    static func write(_ json: String, files: [String: String] = [:]) throws -> URL {
        let directory = try temporaryDirectory()
        for (path, contents) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        let file = directory.appendingPathComponent("appsettings.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension LoadedConfiguration {
    /// The problems of the entry named `name`.
    func problems(of name: String) -> [ConfigurationProblem] {
        report(named: name)?.problems ?? []
    }

    func problems(at position: Int) -> [ConfigurationProblem] {
        environmentReports.first { $0.position == position }?.problems ?? []
    }
}

extension Array where Element == ConfigurationProblem {
    func first(_ kind: ConfigurationProblemKind) -> ConfigurationProblem? { first { $0.kind == kind } }
    var errors: [ConfigurationProblem] { filter { $0.severity == .error } }
    var warnings: [ConfigurationProblem] { filter { $0.severity == .warning } }
}
