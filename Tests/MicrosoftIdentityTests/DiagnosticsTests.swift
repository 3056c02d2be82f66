import Foundation
@testable import MicrosoftIdentity
import Testing

@Suite struct DiagnosticsTests {
    static let sampleDetails = [
        "tenant": "11111111-2222-3333-4444-555555555555", "client": "00000000-0000-0000-0000-0000000000a1",
        "resource": "https://outlook.office365.com", "missing": "full_access_as_app", "roles": "User.Read.All",
        "days": "12", "date": "2027-01-15", "authority": "login.microsoftonline.com", "summary": "AADSTS1: x",
    ]

    @Test(arguments: IdentityDiagnostic.Code.allCases)
    func everyDiagnosticExistsInBothLanguages(_ code: IdentityDiagnostic.Code) {
        let diagnostic = IdentityDiagnostic(code, details: Self.sampleDetails)
        let english = diagnostic.text(in: .english)
        let french = diagnostic.text(in: .french)
        for text in [english, french] {
            #expect(!text.what.isEmpty && !text.cause.isEmpty && !text.fix.isEmpty)
            #expect(!(text.what + text.cause + text.fix).contains("(unknown"))
        }
        #expect(english.what != french.what)
        #expect(english.fix != french.fix)
        #expect(diagnostic.rendered(in: .french).contains("Correctif"))
        #expect(diagnostic.rendered(in: .english).contains("Fix"))
    }

    @Test func languageComesFromTheEnvironment() {
        #expect(DiagnosticLanguage.fromEnvironment(["LANG": "fr_CA.UTF-8"]) == .french)
        #expect(DiagnosticLanguage.fromEnvironment(["LANG": "fr_CA.UTF-8", "LC_ALL": "en_US.UTF-8"]) == .english)
        #expect(DiagnosticLanguage.fromEnvironment(["LC_MESSAGES": "fr_FR"]) == .french)
        #expect(DiagnosticLanguage.fromEnvironment([:]) == .english)
        #expect(DiagnosticLanguage(rawValue: "fr") == .french)
    }

    /// The `error` field decides; the AADSTS number only refines within it.
    @Test func diagnosisBranchesOnTheOAuthErrorNotTheNumber() {
        let registration = AppRegistration(tenantId: "t", clientId: "c", credential: .secret(ClientSecret("x-secret-value-that-is-long")))
        func diagnose(_ error: OAuthErrorCode?, _ code: Int?, status: Int = 400, kind: TokenRequestError.Kind = .rejected) -> IdentityDiagnostic.Code {
            IdentityDiagnosis.diagnose(TokenRequestError(kind: kind, oauthError: error, aadstsCode: code, httpStatus: status,
                                                         tenantId: "t", clientId: "c", resource: "r", summary: ""), registration: registration).code
        }
        // An unknown future number under invalid_client is still a rejected secret.
        #expect(diagnose(.invalidClient, 99_999_999, status: 401) == .invalidClientSecret)
        #expect(diagnose(.invalidClient, nil, status: 401) == .invalidClientSecret)
        // A secret-error number under another `error` is not treated as a secret problem.
        #expect(diagnose(.invalidGrant, 7000215) == .requestRejected)
        #expect(diagnose(.invalidScope, 12345) == .invalidScope)
        #expect(diagnose(.invalidResource, nil) == .resourceNotInTenant)
        #expect(diagnose(.temporarilyUnavailable, nil, status: 503) == .identityPlatformUnavailable)
        #expect(diagnose(nil, nil, status: 502, kind: .serviceUnavailable) == .identityPlatformUnavailable)
    }

    @Test func secretIdHeuristic() {
        #expect(ClientSecret("5b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3").looksLikeSecretID)
        #expect(!ClientSecret("Abc8Q~9x.yZ_someRealLookingValue-123456").looksLikeSecretID)
        #expect(ClientSecret("value ").hasSurroundingWhitespace)
    }

    @Test func credentialExpiryThresholds() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let day: TimeInterval = 86400
        #expect(CredentialExpiry.evaluate(expiresOn: now.addingTimeInterval(31 * day), now: now) == .valid(daysLeft: 31))
        #expect(CredentialExpiry.evaluate(expiresOn: now.addingTimeInterval(29 * day + 5), now: now) == .expiringSoon(daysLeft: 29))
        #expect(CredentialExpiry.evaluate(expiresOn: now.addingTimeInterval(-2 * day - 5), now: now) == .expired(daysAgo: 2))
        #expect(CredentialExpiry.evaluate(expiresOn: now.addingTimeInterval(10 * day), now: now, warningWindow: 7 * day) == .valid(daysLeft: 10))

        func registration(_ expiresOn: Date?) -> AppRegistration {
            AppRegistration(tenantId: "t", clientId: "c", credential: .secret(ClientSecret("v", expiresOn: expiresOn)))
        }
        #expect(IdentityDiagnosis.diagnoseExpiry(of: registration(nil), now: now) == nil)
        #expect(IdentityDiagnosis.diagnoseExpiry(of: registration(now.addingTimeInterval(90 * day)), now: now) == nil)
        let soon = IdentityDiagnosis.diagnoseExpiry(of: registration(now.addingTimeInterval(12 * day + 60)), now: now)
        #expect(soon?.code == .clientSecretExpiringSoon && soon?.severity == .warning && soon?.details["days"] == "12")
        let past = IdentityDiagnosis.diagnoseExpiry(of: registration(now.addingTimeInterval(-day)), now: now)
        #expect(past?.code == .clientSecretExpired && past?.severity == .error)
    }

    @Test func certificateExpiryUsesNotAfter() throws {
        let pair = try TestTenant.makeCertificate(validFor: 10 * 86400)
        let certificate = try ClientCertificate(certificatePEM: pair.certificatePEM, privateKeyPEM: pair.privateKeyPEM)
        let registration = AppRegistration(tenantId: "t", clientId: "c", credential: .certificate(certificate))
        #expect(IdentityDiagnosis.diagnoseExpiry(of: registration, now: Date())?.code == .certificateExpiringSoon)
        #expect(IdentityDiagnosis.diagnoseExpiry(of: registration, now: Date().addingTimeInterval(11 * 86400))?.code == .certificateExpired)
    }

    @Test func claimsDecodingFailsSoft() {
        #expect(AccessTokenClaims(decoding: "") == nil)
        #expect(AccessTokenClaims(decoding: "opaque-token-value") == nil)
        #expect(AccessTokenClaims(decoding: "a.%%%.c") == nil)
        #expect(AccessTokenClaims(decoding: "a.\(Base64URL.encode(Data("[1,2]".utf8))).c") == nil)
        let unreadable = AccessToken(value: "opaque", expiresOn: Date())
        #expect(IdentityDiagnosis.diagnoseRoles(of: unreadable, for: .exchangeOnline(), tenantId: "t", clientId: "c").map(\.code) == [.tokenNotInspectable])
    }

    @Test func sovereignCloudHosts() {
        #expect(AppRegistration(tenantId: "contoso.example", clientId: "c", credential: .secret(ClientSecret("s"))).tokenEndpoint.absoluteString
            == "https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token")
        #expect(AzureCloud.usGovernmentHigh.authority.absoluteString == "https://login.microsoftonline.us")
        #expect(TokenResource.exchangeOnline(in: .usGovernmentHigh).scope == "https://outlook.office365.us/.default")
        #expect(TokenResource.graph(in: .china).scope == "https://microsoftgraph.chinacloudapi.cn/.default")
        #expect(TokenResource.exchangeOnline().scope == "https://outlook.office365.com/.default")
        #expect(AzureCloud(configurationValue: "https://127.0.0.1:8443") == .custom(authority: URL(string: "https://127.0.0.1:8443")!))
        #expect(AzureCloud(configurationValue: "nonsense") == nil)
    }
}
