import Foundation
import Testing

/// Issue 13: `onboard invite` prints a single-use link; the store keeps only its digest; a
/// missing `PublicUrl` or `SecretsKey`, or a bad key, stops it naming the setting and its fix.
@Suite("onboard invite")
struct OnboardCommandTests {
    static let key = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 * 13) }).base64EncodedString()

    static func configuration(service: String) -> String {
        """
        { "Exchange": [ { "Environment": "prextra", "ApplicationId": "\(ConfigurationFiles.prextraApp)",
            "ClientSecret": "\(ConfigurationFiles.prextraSecret)", "TenantId": "\(ConfigurationFiles.prextraTenant)" } ],
          "PrextraSync": { \(service) } }
        """
    }

    @Test("The link is printed once; the store file holds its digest, never the token")
    func invite() async throws {
        let config = try ConfigurationFiles.write(
            Self.configuration(service: #""PublicUrl": "https://sync.example.com", "SecretsKeyFile": "secrets.key""#),
            files: ["secrets.key": Self.key + "\n"])
        let directory = URL(fileURLWithPath: config).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = await CommandLineRun.run(["onboard", "invite", "--config", config, "--environment", "contoso", "--lang", "en", "--json"])
        #expect(run.exitCode == 0, "\(run.allOutput)")
        let json = try run.json()
        let link = try #require(json["link"] as? String)
        #expect(link.hasPrefix("https://sync.example.com/onboarding/") && json["environment"] as? String == "contoso")
        #expect(json["notice"] == nil)
        let token = try #require(link.split(separator: "/").last.map(String.init))
        #expect(!run.allOutput.contains(Self.key), "the secrets key is never printed")
        var stored = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasPrefix("prextra-sync.sqlite") {
            stored.append(try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        #expect(!stored.isEmpty)
        #expect(stored.range(of: Data(token.utf8)) == nil, "the token is not in the store file")

        // An environment of the file's name: the operator is told the file wins.
        let clash = await CommandLineRun.run(["onboard", "invite", "--config", config, "--environment", "prextra"])
        #expect(clash.exitCode == 0 && clash.standardOutput.contains("warning:") && clash.standardOutput.contains("wins"))
    }

    @Test("No PublicUrl, no SecretsKey, a key of the wrong size, a bad language: refused, naming the setting and the fix")
    func badInput() async throws {
        let cases: [(service: String, files: [String: String], arguments: [String], expected: String)] = [
            (#""SecretsKeyFile": "secrets.key""#, ["secrets.key": Self.key], [], "PrextraSync:PublicUrl"),
            (#""PublicUrl": "https://sync.example.com""#, [:], [], "PrextraSync:SecretsKey"),
            (#""PublicUrl": "https://sync.example.com", "SecretsKeyFile": "secrets.key""#, ["secrets.key": Self.key], ["--lang", "de"], "--lang"),
            (#""PublicUrl": "https://sync.example.com", "SecretsKeyFile": "secrets.key""#, ["secrets.key": Self.key], ["--days", "90"], "--days"),
        ]
        for testCase in cases {
            let config = try ConfigurationFiles.write(Self.configuration(service: testCase.service), files: testCase.files)
            defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: config).deletingLastPathComponent()) }
            let run = await CommandLineRun.run(["onboard", "invite", "--config", config, "--environment", "contoso"] + testCase.arguments)
            #expect(run.exitCode == 2, "\(testCase.expected): \(run.allOutput)")
            #expect(run.standardError.contains(testCase.expected), "\(run.standardError)")
        }
        // A key of 16 bytes: config check names SecretsKey, never prints the key.
        let short = Data(repeating: 7, count: 16).base64EncodedString()
        let config = try ConfigurationFiles.write(
            Self.configuration(service: #""SecretsKeyFile": "secrets.key""#), files: ["secrets.key": short])
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: config).deletingLastPathComponent()) }
        let check = await CommandLineRun.run(["config", "check", config])
        #expect(check.exitCode != 0 && check.allOutput.contains("SecretsKey") && check.allOutput.contains("openssl rand -base64 32"))
        #expect(!check.allOutput.contains(short))
    }
}
