import Foundation
import Testing

@Suite("prextra-sync config check")
struct ConfigCheckCommandTests {
    typealias Files = ConfigurationFiles

    @Test func acceptsTheSeedSectionAsItIs() async throws {
        let path = try Files.write(Files.seedSection)
        let run = await CommandLineRun.run(["config", "check", path])
        #expect(run.exitCode == 0, "\(run.allOutput)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        let prextra = try #require(lines.first { $0.hasPrefix("0  prextra") })
        #expect(prextra.contains("valid"))
        #expect(prextra.contains("Auto"))
        #expect(prextra.contains(Files.prextraTenant))
        #expect(prextra.contains(Files.prextraApp))
        #expect(prextra.contains("secret Qx7…(40 chars) (inline)"))
        #expect(lines.contains { $0.hasPrefix("1  autreClient") && $0.contains("aB3…(40 chars)") })
        #expect(run.standardOutput.contains("2 valid, 0 with warnings, 0 invalid."))
        #expect(!run.standardOutput.contains("Problems:"))
    }

    @Test func jsonGivesTheSameForMachines() async throws {
        let path = try Files.write(Files.seedSection)
        let run = await CommandLineRun.run(["config", "check", path, "--json"])
        #expect(run.exitCode == 0)
        let json = try run.json()
        #expect(json["valid"] as? Bool == true)
        #expect(json["file"] as? String == path)
        let environments = try #require(json["environments"] as? [[String: Any]])
        #expect(environments.map { $0["name"] as? String } == ["prextra", "autreClient"])
        #expect(environments[0]["status"] as? String == "valid")
        #expect(environments[0]["api"] as? String == "auto")
        #expect(environments[0]["tenantId"] as? String == Files.prextraTenant)
        #expect(environments[0]["applicationId"] as? String == Files.prextraApp)
        #expect(environments[0]["credentialKind"] as? String == "secret")
        #expect(environments[0]["credential"] as? String == "secret Qx7…(40 chars) (inline)")
        #expect(environments[0]["ewsUrl"] as? String == "https://outlook.office365.com/EWS/Exchange.asmx")
        #expect((environments[0]["problems"] as? [Any])?.isEmpty == true)
        let service = try #require(json["service"] as? [String: Any])
        #expect(service["listen"] as? String == "127.0.0.1:8080")
        #expect(service["storeKind"] as? String == "sqlite")
        #expect(service["syncIntervalSeconds"] as? Double == 60)
    }

    @Test func listsEachBrokenEnvironmentAndExitsWithOne() async throws {
        let json = """
        { "Exchange": [
            { "Environment": "prextra", "ApplicationId": "\(Files.prextraApp)", "ClientSecret": "\(Files.prextraSecret)", "TenantId": "\(Files.prextraTenant)" },
            { "Environment": "broken", "ApplicationId": "not-a-guid", "ClientSecret": "XXXX~XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "TenantId": "\(Files.autreTenant)", "Api": "Rest" },
            { "ApplicationId": "\(Files.autreApp)", "ClientSecret": "8c1d4e7f-2a5b-4c9d-b3e6-0f7a1b2c3d4e", "TenantId": "\(Files.autreTenant)" }
        ] }
        """
        let run = await CommandLineRun.run(["config", "check", try Files.write(json)])
        #expect(run.exitCode == 1)
        let output = run.standardOutput
        #expect(output.contains("1  broken       invalid"), "\(output)")
        #expect(output.contains("2  (no name)    invalid"))
        #expect(output.contains("error: environment \"broken\" (Exchange[1]), key ApplicationId: is not a GUID"))
        #expect(output.contains("error: environment \"broken\" (Exchange[1]), key ClientSecret: is a placeholder"))
        #expect(output.contains("error: environment \"broken\" (Exchange[1]), key Api: is \"Rest\""))
        #expect(output.contains("error: environment Exchange[2], key Environment: is missing"))
        #expect(output.contains("warning: environment Exchange[2], key ClientSecret: looks like a GUID"))
        #expect(output.contains("fix: Copy the Application (client) ID"))
        #expect(output.contains("1 valid, 0 with warnings, 2 invalid. The service would run with the 1 usable environment."))

        let machine = await CommandLineRun.run(["config", "check", try Files.write(json), "--json"])
        #expect(machine.exitCode == 1)
        let report = try machine.json()
        #expect(report["valid"] as? Bool == false)
        #expect((report["summary"] as? [String: Int]) == ["valid": 1, "warning": 0, "invalid": 2])
        let broken = try #require((report["environments"] as? [[String: Any]])?[1])
        let kinds = (broken["problems"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
        #expect(Set(kinds) == ["not-a-guid", "placeholder-secret", "unknown-value"])
        let first = try #require((broken["problems"] as? [[String: Any]])?.first)
        #expect(first["location"] as? String == "environment \"broken\" (Exchange[1])")
        #expect(first["severity"] as? String == "error")
        #expect((first["fix"] as? String)?.isEmpty == false)
    }

    @Test func warningsAloneExitWithZero() async throws {
        let json = """
        { "Exchange": [ { "Environment": "prextra", "ApplicationId": "\(Files.prextraApp)",
          "ClientSecret": "8c1d4e7f-2a5b-4c9d-b3e6-0f7a1b2c3d4e", "TenantId": "\(Files.prextraTenant)" } ] }
        """
        let run = await CommandLineRun.run(["config", "check", try Files.write(json)])
        #expect(run.exitCode == 0)
        #expect(run.standardOutput.contains("0  prextra      warning"))
        #expect(run.standardOutput.contains("Secret ID"))
    }

    @Test("Notifications problems are warnings with their fix; the environment stays usable and polls")
    func notificationWarnings() async throws {
        let json = """
        { "Exchange": [
            { "Environment": "prextra", "ApplicationId": "\(Files.prextraApp)", "ClientSecret": "\(Files.prextraSecret)", "TenantId": "\(Files.prextraTenant)",
              "Api": "Graph", "Notifications": { "Url": "http://sync.example.com/v1/notifications/graph", "Lifetime": 60 } },
            { "Environment": "autreClient", "ApplicationId": "\(Files.autreApp)", "ClientSecret": "\(Files.autreSecret)", "TenantId": "\(Files.autreTenant)",
              "Api": "Graph", "Notifications": { "Url": "https://sync.example.com/v1/notifications/graph" } }
          ],
          "PrextraSync": { "SyncIntervalWithNotifications": "30m" } }
        """
        let path = try Files.write(json)
        let run = await CommandLineRun.run(["config", "check", path])
        #expect(run.exitCode == 0, "\(run.allOutput)")
        let output = run.standardOutput
        #expect(output.contains("0  prextra      warning"), "\(output)")
        #expect(output.contains("warning: environment \"prextra\" (Exchange[0]), key Notifications:Url: uses plain http to sync.example.com"))
        #expect(output.contains("it synchronizes by polling"))
        #expect(output.contains("key Notifications:Lifetime"))
        #expect(output.contains("sync interval with Graph notifications: 1800s"))
        #expect(output.contains("1 valid, 1 with warnings, 0 invalid."))

        let french = await CommandLineRun.run(["config", "check", path, "--lang", "fr"])
        #expect(french.standardOutput.contains("clé Notifications:Url"))
        #expect(french.standardOutput.contains("interrogation périodique"))

        let machine = try await CommandLineRun.run(["config", "check", path, "--json"]).json()
        let environments = try #require(machine["environments"] as? [[String: Any]])
        #expect(environments[0]["notificationUrl"] == nil)
        #expect(environments[1]["notificationUrl"] as? String == "https://sync.example.com/v1/notifications/graph")
        let problems = try #require(environments[0]["problems"] as? [[String: Any]])
        #expect(problems.contains { $0["key"] as? String == "Notifications:Url" && $0["severity"] as? String == "warning" })
        let service = try #require(machine["service"] as? [String: Any])
        #expect(service["syncIntervalWithNotificationsSeconds"] as? Double == 1800)
    }

    @Test("config check shows which environments track mail, and an Email problem as a warning that leaves tracking Off")
    func emailTrackingIsShown() async throws {
        let json = """
        { "Exchange": [
            { "Environment": "prextra", "ApplicationId": "\(Files.prextraApp)", "ClientSecret": "\(Files.prextraSecret)", "TenantId": "\(Files.prextraTenant)",
              "Email": { "Track": "CrmContacts", "LookbackDays": 14 } },
            { "Environment": "autreClient", "ApplicationId": "\(Files.autreApp)", "ClientSecret": "\(Files.autreSecret)", "TenantId": "\(Files.autreTenant)",
              "Email": { "Track": "Everything" } }
          ] }
        """
        let path = try Files.write(json)
        let run = await CommandLineRun.run(["config", "check", path])
        #expect(run.exitCode == 0, "\(run.allOutput)")
        let output = run.standardOutput
        #expect(output.contains("E-mail tracking:\n  prextra: CrmContacts, category \"Prextra\", looking back 14 days, bodies cut at 65536 bytes\n"), "\(output)")
        #expect(!output.contains("  autreClient: "))
        #expect(output.contains("key Email:Track: is \"Everything\""))
        #expect(output.contains("E-mail tracking is Off for this environment until this is fixed."))

        let machine = try await CommandLineRun.run(["config", "check", path, "--json"]).json()
        let environments = try #require(machine["environments"] as? [[String: Any]])
        let prextra = try #require(environments[0]["email"] as? [String: Any])
        #expect(prextra["track"] as? String == "CrmContacts")
        #expect(prextra["lookbackDays"] as? Int == 14)
        #expect((environments[1]["email"] as? [String: Any])?["track"] as? String == "Off")

        let seed = await CommandLineRun.run(["config", "check", try Files.write(Files.seedSection)])
        #expect(seed.standardOutput.contains("E-mail tracking: Off in every environment."))
    }

    @Test func secretReferencesUseTheCommandsEnvironment() async throws {
        let json = """
        { "Exchange": [ { "Environment": "prextra", "ApplicationId": "\(Files.prextraApp)",
          "ClientSecretVariable": "PRX_SECRET", "TenantId": "\(Files.prextraTenant)" } ] }
        """
        let path = try Files.write(json)
        let withVariable = await CommandLineRun.run(["config", "check", path], variables: ["PRX_SECRET": Files.prextraSecret])
        #expect(withVariable.exitCode == 0)
        #expect(withVariable.standardOutput.contains("secret Qx7…(40 chars) (variable PRX_SECRET)"))

        let without = await CommandLineRun.run(["config", "check", path])
        #expect(without.exitCode == 1)
        #expect(without.standardOutput.contains("key ClientSecretVariable: names the environment variable PRX_SECRET, which is not set."))
    }

    @Test func unusableFileExitsWithTwo() async throws {
        let missing = await CommandLineRun.run(["config", "check", "/nonexistent/appsettings.json"])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("/nonexistent/appsettings.json does not exist"))
        #expect(missing.standardOutput.isEmpty)

        let invalid = await CommandLineRun.run(["config", "check", try Files.write("{ \"Exchange\": [ }"), "--json"])
        #expect(invalid.exitCode == 2)
        let json = try invalid.json()
        #expect(json["valid"] as? Bool == false)
        #expect((json["error"] as? String)?.contains("not valid JSON") == true)
    }

    @Test func missingFileArgumentIsAUsageError() async {
        let run = await CommandLineRun.run(["config", "check"])
        #expect(run.exitCode == 64)
        #expect(run.standardError.contains("Missing expected argument '<file>'"))
    }

    /// A canary secret placed everywhere a careless command could echo it never reaches
    /// standard output or standard error, in the table or in JSON.
    @Test(arguments: [false, true])
    func neverPrintsASecret(json: Bool) async throws {
        let canary = "CANARY~s3cr3t.V4lue_0123456789abcdefXYZ"
        let config = """
        { "Exchange": [
            { "Environment": "good", "ApplicationId": "\(Files.prextraApp)", "ClientSecret": "\(canary)", "TenantId": "\(Files.prextraTenant)" },
            { "Environment": "in-tenant", "ApplicationId": "\(Files.prextraApp)", "ClientSecret": "\(Files.prextraSecret)", "TenantId": "\(canary)" },
            { "Environment": "in-app", "ApplicationId": "\(canary)", "ClientSecret": "\(Files.prextraSecret)", "TenantId": "\(Files.prextraTenant)" },
            { "Environment": "mistyped", "ApplicationId": "\(Files.prextraApp)", "ClientSecrett": "\(canary)", "TenantId": "\(Files.prextraTenant)" },
            { "Environment": "from-variable", "ApplicationId": "\(Files.prextraApp)", "ClientSecretVariable": "CANARY", "TenantId": "\(Files.prextraTenant)" },
            { "Environment": "from-file", "ApplicationId": "\(Files.prextraApp)", "ClientSecretFile": "canary.txt", "TenantId": "\(Files.prextraTenant)" },
            { "Environment": "both", "ApplicationId": "\(Files.prextraApp)", "ClientSecret": "\(canary)", "ClientSecretFile": "canary.txt", "TenantId": "\(Files.prextraTenant)" },
            { "Environment": "good", "ApplicationId": "\(Files.autreApp)", "ClientSecret": "\(canary) ", "TenantId": "\(Files.autreTenant)" }
          ],
          "PrextraSync": {
            "ApiKeys": [ { "Name": "erp", "Key": "\(canary)" }, { "Name": "ops", "Key": "\(canary)" } ],
            "Store": { "Kind": "Postgres", "Url": "postgres://sync:\(canary)@db.internal/prextra" },
            "Webhook": { "Url": "https://erp.example.com/hook", "SigningSecret": "\(canary)" } } }
        """
        let path = try Files.write(config, files: ["canary.txt": canary + "\n"])
        let run = await CommandLineRun.run(["config", "check", path] + (json ? ["--json"] : []), variables: ["CANARY": canary])
        #expect(run.exitCode == 1)
        #expect(run.standardOutput.contains("from-variable"), "the command did report the environments")
        #expect(!run.allOutput.contains(canary))
        #expect(!run.allOutput.contains("s3cr3t.V4lue"), "not even a fragment of it")
    }
}

@Suite("prextra-sync config check in French")
struct ConfigCheckInFrenchTests {
    typealias Files = ConfigurationFiles

    static let brokenSecret = """
    { "Exchange": [ { "Environment": "prextra", "ApplicationId": "\(Files.prextraApp)",
      "ClientSecret": "XXXX~XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "TenantId": "\(Files.prextraTenant)" } ] }
    """

    @Test func langOptionSelectsFrench() async throws {
        let run = await CommandLineRun.run(["config", "check", try Files.write(Self.brokenSecret), "--lang", "fr"])
        #expect(run.exitCode == 1)
        #expect(run.standardOutput.contains("ENVIRONNEMENT"))
        #expect(run.standardOutput.contains("erreur : environnement \"prextra\" (Exchange[0]), clé ClientSecret : est une valeur d'exemple"))
        #expect(run.standardOutput.contains("correction : Coller la Valeur du secret"))
    }

    @Test func localeSelectsFrenchAndLangOverridesIt() async throws {
        let path = try Files.write(Self.brokenSecret)
        let french = await CommandLineRun.run(["config", "check", path, "--json"], variables: ["LANG": "fr_CA.UTF-8"])
        let problem = try #require(((try french.json()["environments"] as? [[String: Any]])?.first?["problems"] as? [[String: Any]])?.first)
        #expect((problem["message"] as? String)?.hasPrefix("est une valeur d'exemple") == true)
        #expect(problem["location"] as? String == "environnement \"prextra\" (Exchange[0])")

        let english = await CommandLineRun.run(["config", "check", path, "--lang", "en"], variables: ["LANG": "fr_CA.UTF-8"])
        #expect(english.standardOutput.contains("error: environment \"prextra\" (Exchange[0]), key ClientSecret: is a placeholder"))
    }

    @Test func unusableFileInFrench() async {
        let run = await CommandLineRun.run(["config", "check", "/nonexistent/a.json", "--lang", "fr"])
        #expect(run.exitCode == 2)
        #expect(run.standardError.contains("erreur : Le fichier de configuration /nonexistent/a.json n'existe pas."))
    }
}
