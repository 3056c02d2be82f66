import Foundation
import Testing
import ServiceConfiguration

@Suite("Secrets never reach a message")
struct SecretRedactionTests {
    typealias F = ConfigurationFixture

    static let canary = "CANARY~s3cr3t.V4lue_0123456789abcdefXYZ"

    @Test func secretDescriptionsAreRedacted() {
        let secret = Secret(Self.canary)
        #expect(!"\(secret)".contains(Self.canary))
        #expect(!String(reflecting: secret).contains(Self.canary))
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains(Self.canary))
        #expect(!"\(ClientCredential.secret(secret, source: .inline))".contains(Self.canary))
        #expect(!"\(StateStoreLocation.postgres(url: Secret("postgres://u:\(Self.canary)@db/x"), source: .inline))".contains(Self.canary))
    }

    @Test func maskedForms() {
        #expect(Secret(F.prextraSecret).maskedWithPrefix == "Qx7…(40 chars)")
        #expect(Secret(F.prextraSecret).masked == "…(40 chars)")
        #expect(Secret("short-secret").maskedWithPrefix == "…(12 chars)", "short secrets are fully masked")
    }

    /// The canary is placed where a careless message would echo it: as a valid secret, in the
    /// wrong key, in an unknown key, as an invalid identifier, in referenced files and
    /// variables, as an API key and a webhook secret.
    @Test func noProblemOrReportContainsTheCanary() throws {
        let canary = Self.canary
        let json = F.exchange(
            F.environment("good", secret: canary),
            F.environment("secret-in-tenant", tenantID: canary),
            F.environment("secret-in-app", applicationID: canary),
            F.environment("mistyped-key", secret: nil, extra: "\"ClientSecrett\": \"\(canary)\""),
            F.environment("conflict", secret: canary, extra: #""ClientSecretVariable": "CANARY_VARIABLE""#),
            F.environment("from-file", secret: nil, extra: #""ClientSecretFile": "canary.txt""#),
            F.environment("spaces", secret: " \(canary) "),
            F.environment("in-mailbox", extra: "\"Mailboxes\": [\"\(canary)\"]"),
            F.environment("in-url", extra: "\"EwsUrl\": \"http://ews.example.com/\(canary)\""),
            service: """
            { "ApiKeys": [ { "Name": "erp", "Key": "\(canary)" }, { "Name": "dup", "Key": "\(canary)" } ],
              "Store": { "Kind": "Postgres", "Url": "postgres://sync:\(canary)@db.internal:5432/prextra" },
              "Webhook": { "Url": "http://erp.example.com/hook", "SigningSecret": "\(canary)" } }
            """)
        let loaded = try F.load(json, variables: ["CANARY_VARIABLE": canary], files: ["canary.txt": canary])
        #expect(loaded.problems.count > 8, "the configuration really has problems to report")

        var texts = loaded.problems.map(\.description)
        for report in loaded.environmentReports {
            texts += [report.label, report.tenantID ?? "", report.applicationID ?? "", report.credentialDescription ?? ""]
            if let configuration = report.configuration { texts.append("\(configuration)") }
        }
        texts.append("\(loaded.service)")
        for text in texts {
            #expect(!text.contains(canary), "leaked in: \(text)")
        }
    }
}

@Suite("Problems in English and in French")
struct BilingualProblemTests {
    typealias F = ConfigurationFixture

    /// Every kind of problem this configuration triggers has its own French text.
    @Test func everyProblemHasAFrenchText() throws {
        let json = F.exchange(
            F.environment("prextra", applicationID: "x", tenantID: "common", secret: "XXXX~XXXX",
                          extra: #""Api": "Soap", "EwsUrl": "http://ews.example.com/owa", "Authority": "nope", "ExchangeVersion": "Exchange2019", "ClientSecretExpiresOn": "demain", "Mailboxes": ["jane", "a@b.com", "a@b.com"], "Sync": { "Direction": "Both", "Category": "", "SendMeetingInvitations": "oui", "Extra": 1 }, "Colour": "blue""#),
            F.environment("prextra", secret: "8c1d4e7f-2a5b-4c9d-b3e6-0f7a1b2c3d4e", extra: #""ClientSecretExpiresOn": "2026-12-10", "ClientSecretFile": "none.txt""#),
            F.environment(nil, secret: nil, extra: #""ClientSecretVariable": "UNSET""#),
            #""text""#,
            service: #"{ "Listen": "x", "SyncInterval": "never", "ConcurrencyPerTenant": 0, "ApiKeys": [ { "Key": "k" }, 3 ], "Store": { "Kind": "Postgres" }, "Webhook": { "Url": "ftp://x" } }"#)
        let loaded = try F.load(json)
        #expect(Set(loaded.problems.map(\.kind)).count >= 20, "\(Set(loaded.problems.map(\.kind)))")
        for problem in loaded.problems {
            #expect(problem.localizedMessage.french != problem.localizedMessage.english, "\(problem)")
            #expect(problem.localizedFix.french != problem.localizedFix.english, "\(problem)")
            let french = problem.description(in: .french)
            #expect(french.hasPrefix("erreur :") || french.hasPrefix("avertissement :"), "\(french)")
            #expect(french.contains("Correction :"))
        }
    }

    @Test func localeChoosesTheLanguage() {
        #expect(MessageLanguage.fromLocale("fr_CA.UTF-8") == .french)
        #expect(MessageLanguage.fromLocale("fr") == .french)
        #expect(MessageLanguage.fromLocale("en_US.UTF-8") == .english)
        #expect(MessageLanguage.fromLocale("C") == .english)
        #expect(MessageLanguage.fromLocale(nil) == .english)
    }
}
