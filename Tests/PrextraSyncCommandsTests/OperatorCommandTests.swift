import Foundation
import SyncEngine
import SyncStore
import Testing

/// `mailboxes add|list|remove` and `status` against the state store a configuration names (a
/// real SQLite file next to it), as an operator runs them.
@Suite struct OperatorCommandTests {
    let config: String

    init() throws {
        config = try ConfigurationFiles.write(ConfigurationFiles.seedSection)
    }

    func mailboxes(_ arguments: [String]) async -> CommandLineRun {
        await CommandLineRun.run(["mailboxes"] + arguments + ["--config", config])
    }

    @Test func enrolListDisableAndForget() async throws {
        let added = await mailboxes(["add", "--environment", "prextra", "Jane.Doe@Prextra.example", "john@prextra.example"])
        #expect(added.exitCode == 0, "\(added.allOutput)")
        #expect(added.standardOutput.contains("jane.doe@prextra.example"))
        // Enrolling again is idempotent.
        #expect(await mailboxes(["add", "--environment", "prextra", "jane.doe@prextra.example"]).exitCode == 0)

        let listed = await mailboxes(["list", "--environment", "prextra", "--json"])
        #expect(listed.exitCode == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["address"] as? String }.sorted() == ["jane.doe@prextra.example", "john@prextra.example"])
        #expect(rows.allSatisfy { $0["state"] as? String == "enrolled" && $0["lastSuccessAt"] is NSNull })

        // Environments are separate: the other one has none.
        let other = await mailboxes(["list", "--environment", "autreClient"])
        #expect(other.standardOutput.contains("No mailboxes."))

        let disabled = await mailboxes(["remove", "--environment", "prextra", "john@prextra.example"])
        #expect(disabled.exitCode == 0)
        #expect(disabled.standardOutput.contains("disabled"))
        let forgotten = await mailboxes(["remove", "--environment", "prextra", "--forget", "jane.doe@prextra.example"])
        #expect(forgotten.exitCode == 0)
        let after = await mailboxes(["list", "--environment", "prextra", "--json"])
        let remaining = try #require(try JSONSerialization.jsonObject(with: Data(after.standardOutput.utf8)) as? [[String: Any]])
        #expect(remaining.map { $0["address"] as? String } == ["john@prextra.example"])
        #expect(remaining.first?["state"] as? String == "disabled")
    }

    @Test func badInputNamesWhatIsWrong() async {
        let notAnAddress = await mailboxes(["add", "--environment", "prextra", "jane.doe"])
        #expect(notAnAddress.exitCode == 1)
        #expect(notAnAddress.standardError.contains("jane.doe is not a mailbox address"))
        let unknownEnvironment = await mailboxes(["list", "--environment", "nobody"])
        #expect(unknownEnvironment.exitCode != 0)
        #expect(unknownEnvironment.standardError.contains("nobody"))
        let notEnrolled = await mailboxes(["remove", "--environment", "prextra", "ghost@prextra.example"])
        #expect(notEnrolled.exitCode == 1)
        #expect(notEnrolled.standardError.contains("ghost@prextra.example is not enrolled in environment prextra"))
    }

    @Test("status raises an alert for a credential expiring within 30 days, with how to renew it")
    func statusAlertsAnExpiringCredential() async throws {
        // CommandLineRun's clock says 2026-11-30.
        let config = try ConfigurationFiles.write("""
            { "Exchange": [
                { "Environment": "prextra", "ApplicationId": "\(ConfigurationFiles.prextraApp)", "ClientSecret": "\(ConfigurationFiles.prextraSecret)",
                  "TenantId": "\(ConfigurationFiles.prextraTenant)", "ClientSecretExpiresOn": "2026-12-20" },
                { "Environment": "autreClient", "ApplicationId": "\(ConfigurationFiles.autreApp)", "ClientSecret": "\(ConfigurationFiles.autreSecret)",
                  "TenantId": "\(ConfigurationFiles.autreTenant)", "ClientSecretExpiresOn": "2027-06-30" } ] }
            """)
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: config).deletingLastPathComponent()) }
        let text = await CommandLineRun.run(["status", "--config", config])
        #expect(text.standardOutput.contains("alert: the credential expires in 20 day(s)"), "\(text.allOutput)")
        #expect(text.standardOutput.contains("put the new secret or certificate in the configuration"))
        let json = try await CommandLineRun.run(["status", "--config", config, "--json"]).json()
        let environments = try #require(json["environments"] as? [[String: Any]])
        #expect((environments.first { $0["name"] as? String == "autreClient" }?["alerts"] as? [String])?.isEmpty == true, "seven months left: no alert")
        #expect(environments.allSatisfy { $0["credentialExpiresAt"] is String })
    }

    @Test func statusListsEveryEnvironmentAndNeverASecret() async throws {
        _ = await mailboxes(["add", "--environment", "autreClient", "paul@autre.example"])
        let text = await CommandLineRun.run(["status", "--config", config])
        #expect(text.exitCode == 0, "\(text.allOutput)")
        #expect(text.standardOutput.contains("prextra") && text.standardOutput.contains("autreClient"))
        #expect(text.standardOutput.contains("paul@autre.example"))
        let json = await CommandLineRun.run(["status", "--config", config, "--json", "--environment", "autreClient"])
        let object = try json.json()
        let environments = try #require(object["environments"] as? [[String: Any]])
        #expect(environments.map { $0["name"] as? String } == ["autreClient"])
        for output in [text.allOutput, json.allOutput] {
            #expect(!output.contains(ConfigurationFiles.prextraSecret) && !output.contains(ConfigurationFiles.autreSecret))
        }
    }

    /// `config accept` records the environment's settings (what a start compares against) and
    /// drops its cursors; an unknown environment is named.
    @Test func configAcceptRecordsTheSettings() async throws {
        _ = await mailboxes(["add", "--environment", "prextra", "jane@prextra.example"])
        let accepted = await CommandLineRun.run(["config", "accept", "--config", config, "--environment", "prextra"])
        #expect(accepted.exitCode == 0, "\(accepted.allOutput)")
        #expect(accepted.standardOutput.contains("Environment prextra: settings recorded"))
        let storePath = URL(fileURLWithPath: config).deletingLastPathComponent().appendingPathComponent("prextra-sync.sqlite").path
        let store = try SQLiteSyncStore(path: storePath)
        let fingerprint = try #require(try await store.environment("prextra")?.configFingerprint)
        #expect(fingerprint.contains("tenantID") && !fingerprint.contains(ConfigurationFiles.prextraSecret))
        try store.close()
        let unknown = await CommandLineRun.run(["config", "accept", "--config", config, "--environment", "nobody"])
        #expect(unknown.exitCode != 0 && unknown.standardError.contains("nobody"))
    }

    /// What `Api: Auto` decided at the service's start is in `status`, with its warning line by line.
    @Test func statusShowsTheAPITheServiceChoseAndItsWarning() async throws {
        _ = await mailboxes(["add", "--environment", "prextra", "jane@prextra.example"])
        let storePath = URL(fileURLWithPath: config).deletingLastPathComponent().appendingPathComponent("prextra-sync.sqlite").path
        let store = try SQLiteSyncStore(path: storePath)
        let notice = "environment prextra (Api: Auto) goes through EWS: the Graph token lacks User.Read.All.\n"
            + "l'environnement prextra (Api: Auto) passe par EWS : le jeton Graph n'a pas User.Read.All."
        try await store.recordAPIChoice(environment: "prextra", StoredAPIChoice(api: "ews", automatic: true, notice: notice, decidedAt: Date()))
        try store.close()
        let text = await CommandLineRun.run(["status", "--config", config, "--environment", "prextra"])
        #expect(text.standardOutput.contains("API: EWS (chosen by Api: Auto at the service's start"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("  warning: environment prextra (Api: Auto) goes through EWS"))
        #expect(text.standardOutput.contains("  warning: l'environnement prextra (Api: Auto) passe par EWS"))
        let json = try await CommandLineRun.run(["status", "--config", config, "--json", "--environment", "prextra"]).json()
        let api = try #require((json["environments"] as? [[String: Any]])?.first?["api"] as? [String: Any])
        #expect(api["api"] as? String == "ews" && api["automatic"] as? Bool == true && api["notice"] as? String == notice)
    }

    @Test func statusAndListShowFailedItemsWithTheirRemedy() async throws {
        _ = await mailboxes(["add", "--environment", "prextra", "jane@prextra.example"])
        // A refused write, as a cycle records it, in the store file the configuration names.
        let storePath = URL(fileURLWithPath: config).deletingLastPathComponent().appendingPathComponent("prextra-sync.sqlite").path
        let store = try SQLiteSyncStore(path: storePath)
        var work = UnitOfWork(environment: "prextra")
        work.recordRefusedWrite(
            RefusedWrite(
                mailbox: "jane@prextra.example", record: RecordKey(.appointment, "A7"), itemID: nil, operation: "create",
                code: "ErrorCalendarEndDateIsEarlierThanStartDate", message: "EndDate is earlier than StartDate",
                remedy: "Correct the appointment's times in the ERP.", maxAttempts: 1))
        try await store.commit(work)
        try store.close()

        let text = await CommandLineRun.run(["status", "--config", config, "--environment", "prextra"])
        #expect(text.standardOutput.contains("FAILED"))
        #expect(text.standardOutput.contains("appointment A7: create refused, ErrorCalendarEndDateIsEarlierThanStartDate, quarantined"))
        #expect(text.standardOutput.contains("Correct the appointment's times in the ERP."))
        let json = try await CommandLineRun.run(["status", "--config", config, "--json", "--environment", "prextra"]).json()
        let environment = try #require((json["environments"] as? [[String: Any]])?.first)
        #expect((environment["failures"] as? [[String: Any]])?.first?["recordId"] as? String == "A7")
        let listed = await mailboxes(["list", "--environment", "prextra", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.first?["failedItems"] as? Int == 1)
    }
}
