import Foundation
import Testing

/// Issue 15: a `Store` the configuration cannot load stops every command that needs the store;
/// none of them falls back to the default SQLite file (two "PostgreSQL" workers would otherwise
/// share a local file each, silently).
@Suite("A store configuration that does not load stops the process")
struct StoreConfigurationTests {
    static func configuration(store: String) throws -> (path: String, directory: URL) {
        let json = """
            { "Exchange": [
                { "Environment": "prextra", "ApplicationId": "\(ConfigurationFiles.prextraApp)",
                  "ClientSecret": "\(ConfigurationFiles.prextraSecret)", "TenantId": "\(ConfigurationFiles.prextraTenant)" } ],
              "PrextraSync": { "Store": \(store) } }
            """
        let path = try ConfigurationFiles.write(json)
        return (path, URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    @Test(
        "sync, status and mailboxes refuse a Store that does not load, name it, print no password, and create no SQLite file",
        arguments: [
            #"{ "Kind": "Postgres" }"#,
            #"{ "Kind": "Postgres", "Url": "mysql://sync:Secr3t-Canary@db.internal/prextra" }"#,
            #"{ "Kind": "Mongo" }"#,
        ])
    func refused(store: String) async throws {
        let (config, directory) = try Self.configuration(store: store)
        defer { try? FileManager.default.removeItem(at: directory) }
        for arguments in [
            ["sync", "--once", "--config", config], ["status", "--config", config],
            ["mailboxes", "list", "--environment", "prextra", "--config", config],
        ] {
            let run = await CommandLineRun.run(arguments)
            #expect(run.exitCode != 0, "\(arguments[0]): \(run.allOutput)")
            #expect(run.standardError.contains("Store"), "\(arguments[0]): \(run.standardError)")
            #expect(!run.allOutput.contains("Secr3t-Canary"))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files == ["appsettings.json"], "no store file was created: \(files)")
    }
}
