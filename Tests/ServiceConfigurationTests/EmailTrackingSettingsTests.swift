import Foundation
import ServiceConfiguration
import Testing

/// An environment's `Email` section. Tracking is Off unless the customer asks; a problem in the
/// section is a warning that names the environment, the key and the fix, and leaves tracking Off.
@Suite("E-mail tracking in the configuration")
struct EmailTrackingSettingsTests {
    typealias F = ConfigurationFixture

    private func load(extra: String) throws -> (LoadedConfiguration, EnvironmentConfiguration) {
        let loaded = try F.load(F.exchange(F.environment(extra: extra)))
        let environment = try #require(loaded.environment(named: "prextra"), "\(loaded.problems)")
        return (loaded, environment)
    }

    /// The environment loads, with tracking Off and one warning on `key` in both languages.
    private func staysOff(
        _ email: String, warningOn key: String, kind: ConfigurationProblemKind, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ConfigurationProblem {
        let (loaded, environment) = try load(extra: #""Email": \#(email)"#)
        #expect(environment.email == .off, sourceLocation: sourceLocation)
        #expect(!loaded.hasErrors, "\(loaded.problems)", sourceLocation: sourceLocation)
        let problem = try #require(loaded.problems.first { $0.key == key }, "\(loaded.problems)", sourceLocation: sourceLocation)
        #expect(problem.severity == .warning, sourceLocation: sourceLocation)
        #expect(problem.kind == kind, sourceLocation: sourceLocation)
        #expect(!problem.fix.isEmpty, sourceLocation: sourceLocation)
        #expect(problem.description.contains("\"prextra\""), sourceLocation: sourceLocation)
        #expect(problem.description.contains("key \(key)"), sourceLocation: sourceLocation)
        #expect(problem.message.contains("E-mail tracking is Off for this environment"), sourceLocation: sourceLocation)
        #expect(problem.description(in: .french).contains("suivi des e-mails est désactivé"), sourceLocation: sourceLocation)
        return problem
    }

    @Test func trackingIsOffWhenTheSectionIsAbsent() throws {
        let (loaded, environment) = try load(extra: "")
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(environment.email == .off)
        #expect(environment.email.mode == .off)
    }

    @Test func everyKeyIsRead() throws {
        let (loaded, environment) = try load(
            extra: #""Email": { "Track": "CrmContacts", "Category": " CRM ", "LookbackDays": 7, "MaxBodyBytes": 2048 }"#)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(environment.email == EmailTrackingSettings(mode: .crmContacts, category: "CRM", lookbackDays: 7, maxBodyBytes: 2048))
    }

    @Test(arguments: [
        ("Off", EmailTrackingMode.off), ("crm-contacts", .crmContacts), ("CATEGORY", .category), ("replies_to_tracked", .repliesToTracked),
    ])
    func everyModeIsAcceptedInAnySpelling(text: String, mode: EmailTrackingMode) throws {
        let (loaded, environment) = try load(extra: #""Email": { "Track": "\#(text)" }"#)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(environment.email.mode == mode)
        #expect(environment.email.lookbackDays == 30)
        #expect(environment.email.maxBodyBytes == EmailTrackingSettings.defaultMaxBodyBytes)
    }

    @Test func theCategoryDefaultsToTheSyncCategory() throws {
        let (_, environment) = try load(extra: #""Sync": { "Category": "CRM" }, "Email": { "Track": "Category" }"#)
        #expect(environment.email.category == "CRM")
        let (_, plain) = try load(extra: #""Email": { "Track": "Category" }"#)
        #expect(plain.email.category == SyncPolicy.defaultCategory)
    }

    @Test func anUnknownModeNamesTheAcceptedOnes() throws {
        let problem = try staysOff(#"{ "Track": "Everything" }"#, warningOn: "Email:Track", kind: .unknownValue)
        #expect(problem.fix.contains("Off, CrmContacts, Category, RepliesToTracked"))
    }

    @Test func aMissingModeIsAWarning() throws {
        _ = try staysOff(#"{ "LookbackDays": 10 }"#, warningOn: "Email:Track", kind: .missingKey)
    }

    @Test(arguments: ["0", "3651", "\"a month\""])
    func aLookbackOutOfRangeLeavesTrackingOff(value: String) throws {
        _ = try staysOff(#"{ "Track": "CrmContacts", "LookbackDays": \#(value) }"#, warningOn: "Email:LookbackDays", kind: .invalidNumber)
    }

    @Test func anOversizedBodyLimitLeavesTrackingOff() throws {
        _ = try staysOff(#"{ "Track": "CrmContacts", "MaxBodyBytes": 99999999 }"#, warningOn: "Email:MaxBodyBytes", kind: .invalidNumber)
    }

    @Test func aBadCategoryLeavesTrackingOff() throws {
        _ = try staysOff(#"{ "Track": "Category", "Category": "a,b" }"#, warningOn: "Email:Category", kind: .unknownValue)
    }

    @Test func aSectionThatIsNotAnObjectLeavesTrackingOff() throws {
        _ = try staysOff(#""CrmContacts""#, warningOn: "Email", kind: .wrongType)
    }

    @Test("an unknown key is a warning of its own; the rest still applies")
    func anUnknownKeyIsAWarning() throws {
        let (loaded, environment) = try load(extra: #""Email": { "Track": "CrmContacts", "Lookback": 10 }"#)
        let problem = try #require(loaded.problems.first { $0.kind == .unknownKey }, "\(loaded.problems)")
        #expect(problem.severity == .warning)
        #expect(problem.key == "Email:Lookback")
        #expect(environment.email.mode == .crmContacts)
    }
}
