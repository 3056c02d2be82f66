import ExchangeSimulator
import Foundation
@testable import MicrosoftIdentity
import Testing

/// Every failure an operator can hit, over real HTTP against the simulator's token endpoint:
/// the OAuth error, AADSTS code and HTTP status, and the diagnostic the client derives from them.
@Suite struct TokenEndpointErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var clientId: String = TestTenant.goodApp
        var tenant: String = TestTenant.tenantId
        var secret: String = TestTenant.canarySecret
        var resource: TokenResource = .exchangeOnline()
        var oauthError: OAuthErrorCode
        var aadsts: Int
        var status: Int
        var diagnostic: IdentityDiagnostic.Code
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "wrong secret", secret: "not-the-secret-value-at-all-000000000000", oauthError: .invalidClient, aadsts: 7000215, status: 401, diagnostic: .invalidClientSecret),
        Case(name: "secret ID instead of value", secret: TestTenant.secretId, oauthError: .invalidClient, aadsts: 7000215, status: 401, diagnostic: .clientSecretIdInsteadOfValue),
        Case(name: "expired secret", clientId: TestTenant.expiredSecretApp, oauthError: .invalidClient, aadsts: 7000222, status: 401, diagnostic: .clientSecretExpired),
        Case(name: "missing secret", secret: "", oauthError: .invalidRequest, aadsts: 7000218, status: 400, diagnostic: .missingClientSecret),
        Case(name: "app not found", clientId: TestTenant.unknownApp, oauthError: .unauthorizedClient, aadsts: 700016, status: 400, diagnostic: .applicationNotFound),
        Case(name: "tenant GUID not found", tenant: "99999999-2222-3333-4444-555555555555", oauthError: .invalidRequest, aadsts: 90002, status: 400, diagnostic: .tenantNotFound),
        Case(name: "tenant domain not found", tenant: "fabrikam.example", oauthError: .invalidRequest, aadsts: 90002, status: 400, diagnostic: .tenantNotFound),
        Case(name: "malformed tenant", tenant: "{{TenantId}}", oauthError: .invalidRequest, aadsts: 900023, status: 400, diagnostic: .malformedTenant),
        Case(name: "common endpoint", tenant: "common", oauthError: .invalidRequest, aadsts: 9001023, status: 400, diagnostic: .tenantNotSpecific),
        Case(name: "resource typo", resource: TokenResource(applicationIdURI: "https://outlok.office365.com"), oauthError: .invalidResource, aadsts: 500011, status: 400, diagnostic: .resourceNotInTenant),
        Case(name: "two resources", resource: TokenResource(applicationIdURI: "https://graph.microsoft.com/.default https://outlook.office365.com"), oauthError: .invalidScope, aadsts: 70011, status: 400, diagnostic: .invalidScope),
        Case(name: "conditional access", clientId: TestTenant.blockedApp, oauthError: .invalidGrant, aadsts: 53003, status: 400, diagnostic: .conditionalAccessBlocked),
        Case(name: "disabled app", clientId: TestTenant.disabledApp, oauthError: .unauthorizedClient, aadsts: 7000112, status: 400, diagnostic: .applicationDisabled),
    ]

    @Test(arguments: cases)
    func failureIsTypedAndDiagnosed(_ testCase: Case) async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let registration = TestTenant.registration(testCase.clientId, tenant: testCase.tenant, secret: testCase.secret, base: base)
            let client = TokenEndpointClient()
            do {
                _ = try await client.requestToken(for: registration, resource: testCase.resource, now: clock.now)
                Issue.record("expected \(testCase.name) to fail")
            } catch let error as TokenRequestError {
                #expect(error.kind == .rejected)
                #expect(error.oauthError == testCase.oauthError)
                #expect(error.aadstsCode == testCase.aadsts)
                #expect(error.httpStatus == testCase.status)
                #expect(!error.isTransient)
                #expect(error.correlationId != nil && error.traceId != nil)
                let diagnostic = IdentityDiagnosis.diagnose(error, registration: registration)
                #expect(diagnostic.code == testCase.diagnostic)
                #expect(diagnostic.upstreamCode == "AADSTS\(testCase.aadsts)")
                #expect(diagnostic.severity == .error)
            }
        }
    }

    @Test func tenantOfANationalCloud() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        simulator.setNationalCloudTenant("gov.contoso.example", cloud: "USGovCloud")
        try await withEntraServer(simulator) { base in
            let registration = TestTenant.registration(tenant: "gov.contoso.example", base: base)
            do {
                _ = try await TokenEndpointClient().requestToken(for: registration, resource: .exchangeOnline(), now: Date())
                Issue.record("expected AADSTS90038")
            } catch let error as TokenRequestError {
                #expect(error.oauthError == .invalidRequest && error.aadstsCode == 90038)
                #expect(IdentityDiagnosis.diagnose(error, registration: registration).code == .tenantInOtherCloud)
            }
        }
    }

    @Test func errorBodyHasEntraShape() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        try await withEntraServer(simulator) { base in
            let correlation = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
            let form = "client_id=\(TestTenant.goodApp)&grant_type=client_credentials&client_secret=wrong&scope=https%3A%2F%2Foutlook.office365.com%2F.default"
            let answer = try await postRawTokenRequest(base: base, tenant: TestTenant.tenantId, form: form, headers: [("client-request-id", correlation)])
            #expect(answer.status == 401)
            #expect(answer.json["error"] as? String == "invalid_client")
            let description = try #require(answer.json["error_description"] as? String)
            #expect(description.hasPrefix("AADSTS7000215: "))
            #expect(description.contains("\r\nTrace ID: ") && description.contains("\r\nCorrelation ID: \(correlation)"))
            #expect((answer.json["error_codes"] as? [Int]) == [7000215])
            #expect(answer.json["correlation_id"] as? String == correlation)
            #expect(answer.json["trace_id"] is String && answer.json["timestamp"] is String)
            #expect(answer.json["error_uri"] as? String == "https://login.microsoftonline.com/error?code=7000215")
        }
    }

    @Test func scopeWithoutDefaultSuffixIsRejected() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        try await withEntraServer(simulator) { base in
            let form = "client_id=\(TestTenant.goodApp)&grant_type=client_credentials&client_secret=\(TestTenant.canarySecret)&scope=Calendars.ReadWrite"
            let answer = try await postRawTokenRequest(base: base, tenant: TestTenant.tenantId, form: form)
            #expect(answer.status == 400)
            #expect(answer.json["error"] as? String == "invalid_scope")
            #expect((answer.json["error_codes"] as? [Int]) == [1002012])

            let withResource = "client_id=\(TestTenant.goodApp)&grant_type=client_credentials&client_secret=\(TestTenant.canarySecret)&resource=https%3A%2F%2Foutlook.office365.com"
            let v1Style = try await postRawTokenRequest(base: base, tenant: TestTenant.tenantId, form: withResource)
            #expect((v1Style.json["error_codes"] as? [Int]) == [901002])
        }
    }

    @Test func outageAndThrottlingAreTransient() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        try await withEntraServer(simulator) { base in
            let registration = TestTenant.registration(base: base)
            simulator.setFaults(TokenEndpointFaults(outage: true, retryAfterSeconds: 7))
            do {
                _ = try await TokenEndpointClient().requestToken(for: registration, resource: .exchangeOnline(), now: Date())
                Issue.record("expected an outage")
            } catch let error as TokenRequestError {
                #expect(error.httpStatus == 503 && error.oauthError == .temporarilyUnavailable && error.isTransient)
                #expect(error.retryAfter == .seconds(7))
                #expect(IdentityDiagnosis.diagnose(error, registration: registration).code == .identityPlatformUnavailable)
            }
            simulator.setFaults(TokenEndpointFaults(throttleNext: 1, retryAfterSeconds: 3))
            do {
                _ = try await TokenEndpointClient().requestToken(for: registration, resource: .exchangeOnline(), now: Date())
                Issue.record("expected throttling")
            } catch let error as TokenRequestError {
                #expect(error.httpStatus == 429 && error.kind == .throttled && error.isTransient)
                #expect(error.retryAfter == .seconds(3))
                #expect(IdentityDiagnosis.diagnose(error, registration: registration).code == .throttled)
            }
            // The throttle was for one request only.
            _ = try await TokenEndpointClient().requestToken(for: registration, resource: .exchangeOnline(), now: Date())
        }
    }

    @Test func unreachableAuthorityIsATransportFailure() async throws {
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        let registration = TestTenant.registration(base: URL(string: "http://127.0.0.1:9")!)
        do {
            _ = try await TokenEndpointClient(timeout: .seconds(1)).requestToken(for: registration, resource: .exchangeOnline(), now: Date())
            Issue.record("expected a transport failure")
        } catch {
            #expect(error.kind == .transport && error.isTransient)
            #expect(IdentityDiagnosis.diagnose(error, registration: registration).code == .authorityUnreachable)
        }
    }
}
