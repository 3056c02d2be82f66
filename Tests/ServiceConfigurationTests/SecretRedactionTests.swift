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
