import _CryptoExtras
import AsyncHTTPClient
import ExchangeSimulator
import Foundation
@testable import MicrosoftIdentity
import Testing

/// Successful issuance: real claims, RS256 verifiable from the published JWKS, and the
/// validator the EWS side uses.
@Suite struct SimulatorTokenTests {
    @Test func issuedTokenCarriesEntraClaims() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let response = try await TokenEndpointClient().requestToken(
                for: TestTenant.registration(base: base), resource: .exchangeOnline(), now: clock.now)
            #expect((3600...5400).contains(response.expiresIn))
            #expect(response.extExpiresIn == response.expiresIn)

            let claims = try #require(AccessTokenClaims(decoding: response.accessToken))
            #expect(claims.audience == "https://outlook.office365.com")
            #expect(claims.issuer == "https://sts.windows.net/\(TestTenant.tenantId)/")
            #expect(claims.tenantId == TestTenant.tenantId)
            #expect(claims.appId == TestTenant.goodApp)
            #expect(claims.roles == ["full_access_as_app"])
            #expect(claims.identityType == "app")
            #expect(claims.expiresOn == Date(timeIntervalSince1970: (clock.now.timeIntervalSince1970).rounded(.down) + Double(response.expiresIn)))

            let validated = try simulator.validate(bearer: "Bearer \(response.accessToken)", expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
            #expect(validated.hasRole("full_access_as_app") && validated.hasRolesClaim)
            #expect(validated.appId == TestTenant.goodApp && validated.tenantId == TestTenant.tenantId)
            #expect(simulator.tokensIssuedCount(tenantId: TestTenant.tenantId) == 1)
        }
    }

    @Test func rawSuccessBodyAndDomainTenant() async throws {
        let simulator = try makeSimulator(clock: TestClock(), policy: TokenIssuancePolicy(lifetime: 4000...4000, refreshIn: 2000))
        try await withEntraServer(simulator) { base in
            // Domain instead of GUID, and the secret in a Basic header (RFC 6749 §2.3.1).
            let basic = Data("\(TestTenant.goodApp):\(TestTenant.canarySecret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)".utf8).base64EncodedString()
            let answer = try await postRawTokenRequest(
                base: base, tenant: TestTenant.domain,
                form: "grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
                headers: [("Authorization", "Basic \(basic)")])
            #expect(answer.status == 200)
            #expect(answer.json["token_type"] as? String == "Bearer")
            #expect(answer.json["expires_in"] as? Int == 4000)
            #expect(answer.json["ext_expires_in"] as? Int == 4000)
            #expect(answer.json["refresh_in"] as? Int == 2000)
            let accessToken = try #require(answer.json["access_token"] as? String)
            let claims = try #require(AccessTokenClaims(decoding: accessToken))
            #expect(claims.audience == "https://graph.microsoft.com")
            #expect(Set(claims.roles ?? []) == Set(TestTenant.graphRoles))
            #expect(simulator.tokensIssuedCount(tenantId: TestTenant.tenantId) == 1)
        }
    }

    @Test func tokenVerifiesWithPublishedJWKS() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        try await withEntraServer(simulator) { base in
            let discovery = try await getJSON("\(base.absoluteString)/\(TestTenant.domain)/v2.0/.well-known/openid-configuration")
            #expect(discovery["token_endpoint"] as? String == "\(base.absoluteString)/\(TestTenant.tenantId)/oauth2/v2.0/token")
            let jwksURI = try #require(discovery["jwks_uri"] as? String)
            let jwks = try await getJSON(jwksURI)
            let keys = try #require(jwks["keys"] as? [[String: Any]])
            let key = try #require(keys.first)

            let token = try await TokenEndpointClient().requestToken(
                for: TestTenant.registration(base: base), resource: .exchangeOnline(), now: Date()).accessToken
            let parts = token.split(separator: ".").map(String.init)
            let headerData = try #require(Base64URL.decode(parts[0]))
            let header = try #require(try JSONSerialization.jsonObject(with: headerData) as? [String: Any])
            #expect(header["alg"] as? String == "RS256")
            #expect(header["kid"] as? String == key["kid"] as? String)
            #expect(key["x5t"] as? String == key["kid"] as? String)

            let n = try #require(key["n"] as? String), e = try #require(key["e"] as? String)
            let nBytes = try #require(Base64URL.decode(n)), eBytes = try #require(Base64URL.decode(e))
            let publicKey = try _RSA.Signing.PublicKey(n: nBytes, e: eBytes)
            let signatureBytes = try #require(Base64URL.decode(parts[2]))
            let signature = _RSA.Signing.RSASignature(rawRepresentation: signatureBytes)
            #expect(publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8), padding: .insecurePKCS1v1_5))
        }
    }

    @Test func validatorRejectsWhatExchangeRejects() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let graphToken = try await TokenEndpointClient().requestToken(
                for: TestTenant.registration(base: base), resource: .graph(), now: clock.now)
            #expect(throws: AccessTokenRejection.wrongAudience("https://graph.microsoft.com")) {
                try simulator.validate(bearer: graphToken.accessToken, expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
            }
            // Tampering with the payload breaks the signature.
            var parts = graphToken.accessToken.split(separator: ".").map(String.init)
            parts[1] = Base64URL.encode(Data(#"{"aud":"https://outlook.office365.com","roles":["full_access_as_app"]}"#.utf8))
            #expect(throws: AccessTokenRejection.invalidSignature) {
                try simulator.validate(bearer: parts.joined(separator: "."), expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
            }
            #expect(throws: AccessTokenRejection.malformed) {
                try simulator.validate(bearer: "not-a-jwt", expectedAudiences: SimulatedResource.graph.acceptedAudiences)
            }
            clock.advance(by: TimeInterval(graphToken.expiresIn + 1))
            #expect(throws: AccessTokenRejection.self) {
                try simulator.validate(bearer: graphToken.accessToken, expectedAudiences: SimulatedResource.graph.acceptedAudiences)
            }
        }
    }

    @Test func noConsentGivesTokenWithoutRolesAndADiagnostic() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        try await withEntraServer(simulator) { base in
            let registration = TestTenant.registration(TestTenant.noConsentApp, base: base)
            let logs = LogCapture()
            let provider = ClientCredentialsTokenProvider(registration: registration, resource: .exchangeOnline(), logger: logs.logger())
            let token = try await provider.accessToken()
            #expect(await provider.roleDiagnostics.map(\.code) == [.tokenWithoutRoles])
            #expect(logs.all.contains { $0.contains("warning") && $0.contains("tokenWithoutRoles") })
            let claims = try #require(AccessTokenClaims(decoding: token.value))
            #expect(claims.roles == nil)
            let diagnostics = IdentityDiagnosis.diagnoseRoles(of: token, for: .exchangeOnline(), tenantId: TestTenant.tenantId, clientId: TestTenant.noConsentApp)
            #expect(diagnostics.map(\.code) == [.tokenWithoutRoles])
            #expect(diagnostics.first?.details["missing"] == "full_access_as_app")
            // The EWS side sees the same thing.
            let validated = try simulator.validate(bearer: token.value, expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
            #expect(!validated.hasRolesClaim && !validated.hasRole("full_access_as_app"))
        }
    }

    @Test func wrongRolesAreNamedInTheDiagnostic() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        try await withEntraServer(simulator) { base in
            let registration = TestTenant.registration(TestTenant.wrongRolesApp, base: base)
            let ews = try await ClientCredentialsTokenProvider(registration: registration, resource: .exchangeOnline()).accessToken()
            let ewsDiagnostics = IdentityDiagnosis.diagnoseRoles(of: ews, for: .exchangeOnline(), tenantId: TestTenant.tenantId, clientId: TestTenant.wrongRolesApp)
            #expect(ewsDiagnostics.map(\.code) == [.tokenMissingRoles])
            #expect(ewsDiagnostics.first?.details["missing"] == "full_access_as_app")
            #expect(ewsDiagnostics.first?.details["roles"] == "EWS.AccessAsUser.All")

            let graph = try await ClientCredentialsTokenProvider(registration: registration, resource: .graph()).accessToken()
            let graphDiagnostics = IdentityDiagnosis.diagnoseRoles(of: graph, for: .graph(), tenantId: TestTenant.tenantId, clientId: TestTenant.wrongRolesApp)
            #expect(graphDiagnostics.first?.details["missing"] == "Calendars.ReadWrite, Contacts.ReadWrite, Mail.Read, Tasks.ReadWrite.All")

            let good = try await ClientCredentialsTokenProvider(registration: TestTenant.registration(base: base), resource: .graph()).accessToken()
            #expect(IdentityDiagnosis.diagnoseRoles(of: good, for: .graph(), tenantId: TestTenant.tenantId, clientId: TestTenant.goodApp).isEmpty)
        }
    }

    @Test func httpsWithGeneratedCertificate() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        let tls = try SimulatorTLSIdentity.generate()
        try await withEntraServer(simulator, tls: tls) { base in
            #expect(base.scheme == "https")
            let trusting = try makeHTTPClient(trusting: tls.trustRootPEM)
            let registration = TestTenant.registration(base: base)
            let response = try await TokenEndpointClient(httpClient: trusting).requestToken(for: registration, resource: .exchangeOnline(), now: Date())
            #expect(!response.accessToken.isEmpty)
            try await trusting.shutdown()

            // A client that does not trust the simulator's CA cannot talk to it.
            do {
                _ = try await TokenEndpointClient(timeout: .seconds(2)).requestToken(for: registration, resource: .exchangeOnline(), now: Date())
                Issue.record("an untrusted certificate must be refused")
            } catch let error as TokenRequestError {
                #expect(error.kind == .transport)
            }
        }
    }
}
