import Foundation
import Testing
import ServiceConfiguration

@Suite("Each malformed environment is rejected with its name, the key, the cause and the fix")
struct EnvironmentValidationTests {
    typealias F = ConfigurationFixture

    /// Loads one environment and returns its only error of `kind`, checking the message names
    /// the environment and the key and carries a fix.
    private func singleError(
        _ environment: String, kind: ConfigurationProblemKind, key: String, named name: String = "prextra",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ConfigurationProblem {
        let loaded = try F.load(F.exchange(environment))
        let problem = try #require(loaded.problems.first(kind), "\(loaded.problems)", sourceLocation: sourceLocation)
        #expect(problem.severity == .error, sourceLocation: sourceLocation)
        #expect(problem.key == key, sourceLocation: sourceLocation)
        #expect(problem.description.contains("environment \"\(name)\" (Exchange[0])"), "\(problem)", sourceLocation: sourceLocation)
        #expect(problem.description.contains("key \(key)"), sourceLocation: sourceLocation)
        #expect(!problem.fix.isEmpty, sourceLocation: sourceLocation)
        #expect(loaded.environments.isEmpty, "an environment with an error is not run", sourceLocation: sourceLocation)
        #expect(loaded.environmentReports.first?.status == .invalid, sourceLocation: sourceLocation)
        return problem
    }

    @Test(arguments: ["not-a-guid", "b7e4c2d9-1a3f-4c8e-9d6b-5f0a2e7c1b3", "{b7e4c2d9-1a3f-4c8e-9d6b-5f0a2e7c1b38}",
                      "b7e4c2d91a3f4c8e9d6b5f0a2e7c1b38", "00000000-0000-0000-0000-000000000000", "g7e4c2d9-1a3f-4c8e-9d6b-5f0a2e7c1b38"])
    func applicationIDMustBeAGUID(value: String) throws {
        let problem = try singleError(F.environment(applicationID: value), kind: .notAGUID, key: "ApplicationId")
        #expect(problem.fix.contains("Application (client) ID"))
    }

    @Test(arguments: ["not a tenant", "contoso", "3f2b8c1e-7d4a-4e9b-a6c5", "common", "organizations", "-bad-.com",
                      "00000000-0000-0000-0000-000000000000"])
    func tenantIDMustBeAGUIDOrADomain(value: String) throws {
        let problem = try singleError(F.environment(tenantID: value), kind: .invalidTenant, key: "TenantId")
        #expect(problem.fix.contains("tenant"))
    }

    @Test(arguments: ["contoso.onmicrosoft.com", "Prextra.CA", "mail.example-client.co.uk"])
    func tenantIDMayBeADomainName(value: String) throws {
        let loaded = try F.load(F.exchange(F.environment(tenantID: value)))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environments.first?.tenantID == value.lowercased())
    }

    @Test func missingRequiredKeysAreNamed() throws {
        let loaded = try F.load(F.exchange(#"{ "Environment": "prextra" }"#))
        let keys = Set(loaded.problems.errors.filter { $0.kind == .missingKey }.map(\.key))
        #expect(keys == ["ApplicationId", "TenantId", "ClientSecret"])
        #expect(loaded.environments.isEmpty)
    }

    @Test func emptySecretIsRejected() throws {
        let problem = try singleError(F.environment(secret: ""), kind: .emptySecret, key: "ClientSecret")
        #expect(problem.message.contains("empty"))
    }

    @Test(arguments: ["XXXX~XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "XXXX~...", "xxxx~xxxxxxxx", "XXXXXXXX", "<client-secret>",
                      "********", "changeme", "XXX~abc"])
    func placeholderSecretIsRejected(value: String) throws {
        let problem = try singleError(F.environment(secret: value), kind: .placeholderSecret, key: "ClientSecret")
        #expect(problem.message.contains("placeholder"))
        #expect(problem.fix.contains("Value"))
    }

    @Test func secretIDInsteadOfValueIsAWarning() throws {
        let secretID = "8c1d4e7f-2a5b-4c9d-b3e6-0f7a1b2c3d4e"
        let loaded = try F.load(F.exchange(F.environment(secret: secretID)))
        let problem = try #require(loaded.problems.first(.secretLooksLikeSecretID))
        #expect(problem.severity == .warning)
        #expect(problem.message.contains("Secret ID"))
        #expect(loaded.environments.count == 1, "a warning does not stop the environment")
        #expect(loaded.environmentReports.first?.status == .warning)
        #expect(!loaded.hasErrors)
    }

    @Test func secretEqualToTheApplicationIDIsAnError() throws {
        let problem = try singleError(F.environment(secret: F.prextraApp), kind: .secretEqualsIdentifier, key: "ClientSecret")
        #expect(problem.message.contains("ApplicationId"))
    }

    @Test func secretWithSurroundingSpacesIsAWarning() throws {
        let loaded = try F.load(F.exchange(F.environment(secret: " \(F.prextraSecret) ")))
        #expect(loaded.problems.first(.secretHasSurroundingSpaces)?.severity == .warning)
        #expect(loaded.environments.count == 1)
    }

    @Test func duplicatedEnvironmentNamesAreRejectedWithoutRegardToCase() throws {
        let json = F.exchange(
            F.environment("prextra"), F.environment("autreClient", applicationID: F.autreApp, tenantID: F.autreTenant, secret: F.autreSecret),
            F.environment("PREXTRA"))
        let loaded = try F.load(json)
        #expect(loaded.environments.map(\.name) == ["autreClient"], "the other environments still run")
        let first = try #require(loaded.problems(at: 0).first(.duplicateEnvironment))
        let third = try #require(loaded.problems(at: 2).first(.duplicateEnvironment))
        #expect(first.key == "Environment")
        #expect(first.message.contains("Exchange[2]"))
        #expect(third.message.contains("Exchange[0]"))
        #expect(third.description.contains("environment \"PREXTRA\" (Exchange[2])"))
    }

    @Test func unknownAPIIsRejected() throws {
        let problem = try singleError(F.environment(extra: #""Api": "Rest""#), kind: .unknownValue, key: "Api")
        #expect(problem.message.contains("Rest"))
        #expect(problem.fix.contains("Ews") && problem.fix.contains("Graph"))
    }

    @Test(arguments: ["Ews", "ews", "EWS", "Graph", "graph"])
    func knownAPIsAreAccepted(value: String) throws {
        let loaded = try F.load(F.exchange(F.environment(extra: "\"Api\": \"\(value)\"")))
        #expect(loaded.problems.isEmpty)
        #expect(loaded.environments.first?.api == (value.lowercased() == "ews" ? .ews : .graph))
    }

    @Test(arguments: ["EwsUrl", "Authority", "GraphUrl"])
    func plainHTTPIsRejectedForRemoteHosts(key: String) throws {
        let problem = try singleError(
            F.environment(extra: "\"\(key)\": \"http://mail.contoso.com/EWS/Exchange.asmx\""), kind: .insecureURL, key: key)
        #expect(problem.fix.contains("https"))
    }

    @Test(arguments: ["http://127.0.0.1:8443/EWS/Exchange.asmx", "http://localhost:9000/EWS/Exchange.asmx",
                      "http://[::1]:9000/EWS/Exchange.asmx", "https://mail.contoso.com/EWS/Exchange.asmx"])
    func httpsOrLoopbackURLsAreAccepted(url: String) throws {
        let loaded = try F.load(F.exchange(F.environment(extra: "\"EwsUrl\": \"\(url)\"")))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environments.first?.ewsURL.absoluteString == url)
    }

    @Test func urlsAreValidated() throws {
        _ = try singleError(F.environment(extra: #""Authority": "login.microsoftonline.us""#), kind: .invalidURL, key: "Authority")
        _ = try singleError(F.environment(extra: #""GraphUrl": "ftp://graph.microsoft.com""#), kind: .invalidURL, key: "GraphUrl")
        _ = try singleError(
            F.environment(extra: #""EwsUrl": "https://user:pw@mail.contoso.com/EWS/Exchange.asmx""#), kind: .invalidURL, key: "EwsUrl")
    }

    @Test func sovereignCloudHostsAreTakenWithoutTrailingSlash() throws {
        let loaded = try F.load(F.exchange(F.environment(
            extra: #""Api": "Graph", "Authority": "https://login.microsoftonline.us/", "GraphUrl": "https://graph.microsoft.us/""#)))
        let environment = try #require(loaded.environments.first)
        #expect(environment.authority.absoluteString == "https://login.microsoftonline.us")
        #expect(environment.graphURL.absoluteString == "https://graph.microsoft.us")
        #expect(environment.tokenEndpoint.absoluteString == "https://login.microsoftonline.us/\(F.prextraTenant)/oauth2/v2.0/token")
    }

    @Test func ewsURLThatIsNotTheEndpointIsAWarning() throws {
        let loaded = try F.load(F.exchange(F.environment(extra: #""EwsUrl": "https://mail.contoso.com/owa""#)))
        #expect(loaded.problems.first(.unusualEWSPath)?.severity == .warning)
        #expect(loaded.environments.count == 1)
    }

    @Test func exchangeVersionIsChecked() throws {
        let loaded = try F.load(F.exchange(F.environment(extra: #""ExchangeVersion": "Exchange2016""#)))
        #expect(loaded.environments.first?.exchangeVersion == .exchange2016)
        let problem = try singleError(F.environment(extra: #""ExchangeVersion": "Exchange2019""#), kind: .unknownValue, key: "ExchangeVersion")
        #expect(problem.fix.contains("Exchange2013_SP1"))
    }

    @Test func datesAreChecked() throws {
        let problem = try singleError(F.environment(extra: #""ClientSecretExpiresOn": "31/03/2027""#), kind: .invalidDate, key: "ClientSecretExpiresOn")
        #expect(problem.fix.contains("YYYY-MM-DD"))
        _ = try singleError(F.environment(extra: #""ClientSecretExpiresOn": "2027-02-30""#), kind: .invalidDate, key: "ClientSecretExpiresOn")

        let valid = try F.load(F.exchange(F.environment(extra: #""ClientSecretExpiresOn": "2027-03-31""#)))
        #expect(valid.problems.isEmpty)
        #expect(valid.environments.first?.clientSecretExpiresOn == Date(timeIntervalSince1970: 1_806_451_200))

        let withTime = try F.load(F.exchange(F.environment(extra: #""ClientSecretExpiresOn": "2027-03-31T12:00:00Z""#)))
        #expect(withTime.environments.first?.clientSecretExpiresOn == Date(timeIntervalSince1970: 1_806_494_400))
    }

    @Test func expiredAndExpiringSecretsAreWarnings() throws {
        let expired = try F.load(F.exchange(F.environment(extra: #""ClientSecretExpiresOn": "2026-11-01""#)))
        let expiredProblem = try #require(expired.problems.first(.secretExpired))
        #expect(expiredProblem.severity == .warning)
        #expect(expiredProblem.message.contains("2026-11-01") && expiredProblem.message.contains("AADSTS7000222"))

        let soon = try F.load(F.exchange(F.environment(extra: #""ClientSecretExpiresOn": "2026-12-10""#)))
        #expect(soon.problems.first(.secretExpiresSoon)?.message.contains("in 10 days") == true)
        #expect(soon.environments.count == 1)
    }

    @Test func entryWithoutNameIsNamedByPosition() throws {
        let loaded = try F.load(F.exchange(F.environment(), F.environment(nil, applicationID: "nope")))
        let problems = loaded.problems(at: 1)
        #expect(problems.first(.missingKey)?.key == "Environment")
        let guid = try #require(problems.first(.notAGUID))
        #expect(guid.description.contains("environment Exchange[1], key ApplicationId"), "\(guid)")
        #expect(loaded.environmentReports[1].label == "Exchange[1]")
        #expect(loaded.environments.map(\.name) == ["prextra"])
    }

    @Test func oneBadEnvironmentDoesNotStopTheOthers() throws {
        let json = F.exchange(
            F.environment("prextra"),
            F.environment("broken", applicationID: "x", tenantID: "y", secret: "XXXX~XXXX", extra: #""Api": "Soap", "EwsUrl": "http://ews.example.com""#),
            #""not an object""#,
            F.environment("autreClient", applicationID: F.autreApp, tenantID: F.autreTenant, secret: F.autreSecret))
        let loaded = try F.load(json)
        #expect(loaded.environments.map(\.name) == ["prextra", "autreClient"])
        #expect(loaded.environmentReports.map(\.status) == [.valid, .invalid, .invalid, .valid])
        let broken = Set(loaded.problems(of: "broken").map(\.kind))
        #expect(broken.isSuperset(of: [.notAGUID, .invalidTenant, .placeholderSecret, .unknownValue, .insecureURL]))
        #expect(loaded.problems(at: 2).first(.wrongType)?.description.contains("Exchange[2]") == true)
        #expect(loaded.hasErrors)
    }

    @Test func mailboxesAreValidatedAndNormalized() throws {
        let loaded = try F.load(F.exchange(F.environment(extra: #""Mailboxes": ["Jane.Doe@Contoso.com", "bob@contoso.com", "jane.doe@contoso.com"]"#)))
        #expect(loaded.environments.first?.mailboxes == ["jane.doe@contoso.com", "bob@contoso.com"])
        #expect(loaded.problems.first(.duplicateMailbox)?.key == "Mailboxes[2]")

        let problem = try singleError(F.environment(extra: #""Mailboxes": ["jane.doe"]"#), kind: .invalidMailbox, key: "Mailboxes[0]")
        #expect(problem.message.contains("jane.doe"))
        _ = try singleError(F.environment(extra: #""Mailboxes": "jane@contoso.com""#), kind: .wrongType, key: "Mailboxes")
    }

    @Test func keysGivenTwiceWithDifferentCaseAreAmbiguous() throws {
        let problem = try singleError(
            F.environment(extra: "\"tenantid\": \"\(F.autreTenant)\""), kind: .ambiguousKey, key: "TenantId")
        #expect(problem.message.contains("tenantid"))
    }

    @Test func unknownKeysAreWarningsWithASuggestion() throws {
        let loaded = try F.load(F.exchange(F.environment(extra: #""ApplicationIdentifier": "x", "Colour": "blue""#)))
        let unknown = loaded.problems.filter { $0.kind == .unknownKey }
        #expect(unknown.map(\.key).sorted() == ["ApplicationIdentifier", "Colour"])
        #expect(unknown.allSatisfy { $0.severity == .warning })
        #expect(unknown.first { $0.key == "ApplicationIdentifier" }?.fix.contains("ApplicationId") == true)
        #expect(loaded.environments.count == 1)
    }

    @Test func wrongTypesAreReported() throws {
        _ = try singleError(F.environment(extra: #""Sync": "TwoWay""#), kind: .wrongType, key: "Sync")
        let loaded = try F.load(#"{ "Exchange": { "Environment": "prextra" } }"#)
        #expect(loaded.fileProblems.first(.wrongType)?.key == "Exchange")
        #expect(loaded.environments.isEmpty)
    }

    @Test func missingOrEmptyExchangeSectionIsAWarning() throws {
        let missing = try F.load(#"{ "Logging": {} }"#)
        #expect(missing.fileProblems.first(.noEnvironments)?.severity == .warning)
        #expect(!missing.hasErrors)
        let empty = try F.load(#"{ "Exchange": [] }"#)
        #expect(empty.fileProblems.first(.noEnvironments) != nil)
    }

    @Test func environmentNameThatNeedsEscapingIsAWarning() throws {
        let loaded = try F.load(F.exchange(F.environment("Client ABC")))
        #expect(loaded.problems.first(.invalidEnvironmentName)?.severity == .warning)
        #expect(loaded.environment(named: "client abc") != nil)
    }
}

@Suite("Entries copied from another one")
struct CopiedEntryTests {
    typealias F = ConfigurationFixture

    @Test func sameRegistrationInTwoEnvironmentsIsAWarning() throws {
        let loaded = try F.load(F.exchange(
            F.environment("prextra"), F.environment("autreClient", secret: F.autreSecret)))
        let problem = try #require(loaded.problems(of: "autreClient").first(.sameRegistrationTwice))
        #expect(problem.severity == .warning)
        #expect(problem.message.contains("Exchange[0]"))
        #expect(loaded.problems(of: "prextra").isEmpty, "the first entry is not blamed")
        #expect(loaded.environments.count == 2)
    }

    @Test func sameSecretForTwoApplicationsIsAWarning() throws {
        let loaded = try F.load(F.exchange(
            F.environment("prextra"),
            F.environment("autreClient", applicationID: F.autreApp, tenantID: F.autreTenant, secret: F.prextraSecret)))
        let problem = try #require(loaded.problems(of: "autreClient").first(.sameSecretForTwoApplications))
        #expect(problem.severity == .warning)
        #expect(!problem.description.contains(F.prextraSecret))
        #expect(loaded.problems(of: "autreClient").first(.sameRegistrationTwice) == nil)
    }

    @Test func distinctEntriesGetNoSuchWarning() throws {
        let loaded = try F.load(F.seedSection)
        #expect(loaded.problems.isEmpty)
    }
}
