import ExchangeSimulator
import Foundation
@testable import MicrosoftIdentity
import Testing

/// The canary secret and every issued token value must never appear in an error, a diagnostic
/// (either language) or a log line, whatever goes wrong.
@Suite struct SecretCanaryTests {
    @Test func canaryNeverLeaks() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        let logs = LogCapture()
        var (texts, tokens) = try await withEntraServer(simulator) { base in
            var texts: [String] = []
            var tokens: [String] = []
            let scenarios: [(AppRegistration, TokenEndpointFaults)] = [
                (TestTenant.registration(base: base), TokenEndpointFaults()),
                (TestTenant.registration(TestTenant.expiredSecretApp, base: base), TokenEndpointFaults()),
                (TestTenant.registration(TestTenant.unknownApp, base: base), TokenEndpointFaults()),
                (TestTenant.registration(tenant: "fabrikam.example", base: base), TokenEndpointFaults()),
                (TestTenant.registration(TestTenant.blockedApp, base: base), TokenEndpointFaults()),
                (TestTenant.registration(TestTenant.noConsentApp, base: base), TokenEndpointFaults()),
                (TestTenant.registration(base: base), TokenEndpointFaults(outage: true, retryAfterSeconds: 1)),
                (TestTenant.registration(base: base), TokenEndpointFaults(throttleNext: 1, retryAfterSeconds: 1)),
                (TestTenant.registration(base: URL(string: "http://127.0.0.1:9")!), TokenEndpointFaults()),
            ]
            for (registration, faults) in scenarios {
                simulator.setFaults(faults)
                let provider = ClientCredentialsTokenProvider(
                    registration: registration, resource: .exchangeOnline(),
                    endpoint: TokenEndpointClient(timeout: .seconds(1), logger: logs.logger("endpoint")),
                    clock: clock.identityClock, logger: logs.logger("provider"))
                texts.append(String(describing: registration))
                texts.append(String(reflecting: registration))
                do {
                    let token = try await provider.accessToken()
                    tokens.append(token.value)
                    texts.append(String(describing: token))
                    for diagnostic in IdentityDiagnosis.diagnoseRoles(of: token, for: .exchangeOnline(), tenantId: registration.tenantId, clientId: registration.clientId) {
                        texts += DiagnosticLanguage.allCases.map { diagnostic.rendered(in: $0) }
                    }
                } catch let error as TokenRequestError {
                    texts.append(String(describing: error))
                    texts.append(String(reflecting: error))
                    texts.append(error.summary)
                    let diagnostic = IdentityDiagnosis.diagnose(error, registration: registration)
                    texts += DiagnosticLanguage.allCases.map { diagnostic.rendered(in: $0) }
                }
            }
            return (texts, tokens)
        }
        tokens = tokens.filter { !$0.isEmpty }
        #expect(!tokens.isEmpty, "at least one scenario must issue a token, so its value is checked too")
        #expect(!logs.all.isEmpty, "the scenarios must have logged something")
        var dumped = ""
        dump(ClientSecret(TestTenant.canarySecret), to: &dumped)
        texts.append(dumped)

        for line in texts + logs.all {
            #expect(!line.contains(TestTenant.canarySecret), "secret leaked: \(line.prefix(120))")
            for token in tokens {
                #expect(!line.contains(token), "token leaked")
                #expect(!line.contains(token.split(separator: ".")[2]), "token signature leaked")
            }
        }
    }

    @Test func upstreamDescriptionEchoingTheSecretIsScrubbed() {
        let description = "AADSTS7000215: Invalid client secret provided: '\(TestTenant.canarySecret)' for app X.\r\nTrace ID: 1\r\nCorrelation ID: 2"
        let summary = TokenEndpointClient.summarize(description, scrubbing: TestTenant.canarySecret)
        #expect(!summary.contains(TestTenant.canarySecret))
        #expect(summary.hasPrefix("AADSTS7000215: Invalid client secret provided: '<redacted>'"))
        #expect(!summary.contains("Trace ID"))
    }
}
