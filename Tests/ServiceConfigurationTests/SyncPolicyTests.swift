import Foundation
import Testing
import ServiceConfiguration

@Suite("Per-environment sync policy")
struct SyncPolicyTests {
    typealias F = ConfigurationFixture

    @Test func sharedRulesApplyToEveryEntityAndEntityRulesOverride() throws {
        let sync = """
        "Sync": { "Direction": "TwoWay", "Conflict": "latest-wins", "Delete": "Unlink",
                  "Contacts": { "Direction": "CrmToOutlook" },
                  "Tasks": { "Direction": "off", "Conflict": "OUTLOOK_WINS" },
                  "Category": "CRM Prextra", "SendMeetingInvitations": "True" }
        """
        let loaded = try F.load(F.exchange(F.environment(extra: sync)))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let policy = try #require(loaded.environments.first?.sync)
        #expect(policy.contacts == EntitySyncPolicy(direction: .crmToOutlook, conflict: .latestWins, delete: .unlink))
        #expect(policy.appointments == EntitySyncPolicy(direction: .twoWay, conflict: .latestWins, delete: .unlink))
        #expect(policy.tasks == EntitySyncPolicy(direction: .off, conflict: .outlookWins, delete: .unlink))
        #expect(policy.category == "CRM Prextra")
        #expect(policy.sendMeetingInvitations)
    }

    @Test(arguments: [
        (#""Sync": { "Contacts": { "Direction": "Both" } }"#, "Sync:Contacts:Direction", "TwoWay, CrmToOutlook, OutlookToCrm, Off"),
        (#""Sync": { "Conflict": "FirstWins" }"#, "Sync:Conflict", "CrmWins, OutlookWins, LatestWins"),
        (#""Sync": { "Appointments": { "Delete": "Archive" } }"#, "Sync:Appointments:Delete", "Propagate, Unlink"),
        (#""Sync": { "SendMeetingInvitations": "yes" }"#, "Sync:SendMeetingInvitations", "true or false"),
    ])
    func invalidPolicyValuesAreErrors(sync: String, key: String, accepted: String) throws {
        let loaded = try F.load(F.exchange(F.environment(extra: sync)))
        let problem = try #require(loaded.problems.first(.unknownValue), "\(loaded.problems)")
        #expect(problem.severity == .error)
        #expect(problem.key == key)
        #expect(problem.description.contains("environment \"prextra\""))
        #expect(problem.fix.contains(accepted) || problem.message.contains(accepted))
        #expect(loaded.environments.isEmpty)
    }

    @Test func invalidCategoryIsAnError() throws {
        let loaded = try F.load(F.exchange(F.environment(extra: #""Sync": { "Category": "  " }"#)))
        #expect(loaded.problems.first(.unknownValue)?.key == "Sync:Category")
    }

    @Test func unknownPolicyKeysAreWarnings() throws {
        let loaded = try F.load(F.exchange(F.environment(extra: #""Sync": { "Contacts": { "Directon": "Off" }, "Emails": {} }"#)))
        let keys = loaded.problems.filter { $0.kind == .unknownKey }.map(\.key).sorted()
        #expect(keys == ["Sync:Contacts:Directon", "Sync:Emails"])
        #expect(loaded.environments.first?.sync.contacts.direction == .twoWay)
    }
}

@Suite("Policy raw values")
struct PolicyRawValueTests {
    /// The composition layer maps these onto the engine's enums by raw value.
    @Test func rawValuesMatchTheEngines() {
        #expect(SyncDirection.allCases.map(\.rawValue) == ["two-way", "crm-to-outlook", "outlook-to-crm", "off"])
        #expect(ConflictPolicy.allCases.map(\.rawValue) == ["crm-wins", "outlook-wins", "latest-wins"])
        #expect(DeletePolicy.allCases.map(\.rawValue) == ["propagate", "unlink"])
    }
}
