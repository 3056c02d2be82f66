import _CryptoExtras
import Crypto
import ExchangeSimulator
import Foundation
@testable import MicrosoftIdentity
import Testing

/// Certificate credentials: the client signs a PS256 assertion with `x5t#S256`; the simulator
/// verifies it against the certificate uploaded to the app.
@Suite struct CertificateCredentialTests {
    @Test func signedAssertionIsAcceptedAndMarkedAsCertificate() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let registration = try TestTenant.certificateRegistration(base: base)
            let provider = ClientCredentialsTokenProvider(registration: registration, resource: .exchangeOnline(), clock: clock.identityClock)
            let token = try await provider.accessToken()
            let payload = try #require(Base64URL.decode(token.value.split(separator: ".")[1]))
            let claims = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
            #expect(claims["appidacr"] as? String == "2")
            #expect(claims["roles"] as? [String] == ["full_access_as_app"])
        }
    }

    @Test func certificateNotUploadedIsRejected() async throws {
        let simulator = try makeSimulator(clock: TestClock())
        try await withEntraServer(simulator) { base in
            let registration = try TestTenant.certificateRegistration(TestTenant.strangerCertificate, base: base)
            let error = try await expectTokenFailure(registration)
            #expect(error.oauthError == .invalidClient && error.aadstsCode == 700027 && error.httpStatus == 401)
            let diagnostic = IdentityDiagnosis.diagnose(error, registration: registration)
            #expect(diagnostic.code == .certificateRejected)
            guard case .certificate(let certificate) = registration.credential else { return }
            #expect(diagnostic.details["thumbprint"] == certificate.thumbprintSHA1Hex)
        }
    }

    @Test func clientClockFarBehindGivesExpiredAssertion() async throws {
        let serverClock = TestClock()
        let simulator = try makeSimulator(clock: serverClock)
        try await withEntraServer(simulator) { base in
            let registration = try TestTenant.certificateRegistration(base: base)
            // The client believes it is an hour earlier: its 10-minute assertion is already expired.
            let error = try await expectTokenFailure(registration, now: serverClock.now.addingTimeInterval(-3600))
            #expect(error.aadstsCode == 700024)
            #expect(IdentityDiagnosis.diagnose(error, registration: registration).code == .clientAssertionRejected)
        }
    }

    @Test func assertionSignedByAnotherKeyFailsSignatureValidation() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let uploaded = try ClientCertificate(certificatePEM: TestTenant.certificate.certificatePEM, privateKeyPEM: TestTenant.certificate.privateKeyPEM)
            let otherKey = try _RSA.Signing.PrivateKey(pemRepresentation: TestTenant.strangerCertificate.privateKeyPEM)
            let audience = "\(base.absoluteString)/\(TestTenant.tenantId)/oauth2/v2.0/token"
            let assertion = try signAssertion(
                header: ["alg": "PS256", "typ": "JWT", "x5t#S256": uploaded.thumbprintSHA256],
                payload: assertionPayload(audience: audience, now: clock.now), key: otherKey, padding: .PSS)
            let answer = try await postAssertion(assertion, base: base)
            #expect(answer.status == 401 && (answer.json["error_codes"] as? [Int]) == [700027])
            #expect((answer.json["error_description"] as? String)?.contains("failed signature validation") == true)
        }
    }

    @Test func legacyRS256WithSHA1ThumbprintIsAccepted() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let uploaded = try ClientCertificate(certificatePEM: TestTenant.certificate.certificatePEM, privateKeyPEM: TestTenant.certificate.privateKeyPEM)
            let key = try _RSA.Signing.PrivateKey(pemRepresentation: TestTenant.certificate.privateKeyPEM)
            let x5t = Base64URL.encode(Data(Insecure.SHA1.hash(data: uploaded.certificateDER)))
            let audience = "\(base.absoluteString)/\(TestTenant.tenantId)/oauth2/v2.0/token"
            let good = try signAssertion(header: ["alg": "RS256", "typ": "JWT", "x5t": x5t],
                                         payload: assertionPayload(audience: audience, now: clock.now), key: key, padding: .insecurePKCS1v1_5)
            #expect(try await postAssertion(good, base: base).status == 200)

            // iss must equal sub.
            var mismatched = assertionPayload(audience: audience, now: clock.now)
            mismatched["iss"] = "someone-else"
            let bad = try signAssertion(header: ["alg": "RS256", "typ": "JWT", "x5t": x5t], payload: mismatched, key: key, padding: .insecurePKCS1v1_5)
            #expect((try await postAssertion(bad, base: base).json["error_codes"] as? [Int]) == [50048])

            // aud must be this tenant's token endpoint.
            let wrongAudience = try signAssertion(
                header: ["alg": "RS256", "typ": "JWT", "x5t": x5t],
                payload: assertionPayload(audience: "https://login.microsoftonline.com/other-tenant.example/oauth2/v2.0/token", now: clock.now),
                key: key, padding: .insecurePKCS1v1_5)
            #expect((try await postAssertion(wrongAudience, base: base).json["error_codes"] as? [Int]) == [700023])
        }
    }

    @Test func certificateFileErrorsAreTyped() throws {
        #expect(throws: ClientCertificateError.keyDoesNotMatchCertificate) {
            try ClientCertificate(certificatePEM: TestTenant.certificate.certificatePEM, privateKeyPEM: TestTenant.strangerCertificate.privateKeyPEM)
        }
        #expect(throws: ClientCertificateError.unreadableCertificate) {
            try ClientCertificate(certificatePEM: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", privateKeyPEM: TestTenant.certificate.privateKeyPEM)
        }
    }

    // MARK: helpers

    private func expectTokenFailure(_ registration: AppRegistration, now: Date = Date(timeIntervalSince1970: 1_800_000_000)) async throws -> TokenRequestError {
        do {
            _ = try await TokenEndpointClient().requestToken(for: registration, resource: .exchangeOnline(), now: now)
        } catch {
            return error
        }
        throw ExpectedFailureMissing()
    }

    private struct ExpectedFailureMissing: Error {}

    private func assertionPayload(audience: String, now: Date) -> [String: Any] {
        let iat = Int(now.timeIntervalSince1970)
        return ["aud": audience, "iss": TestTenant.certificateApp, "sub": TestTenant.certificateApp,
                "jti": UUID().uuidString, "iat": iat, "nbf": iat, "exp": iat + 600]
    }

    private func signAssertion(header: [String: Any], payload: [String: Any], key: _RSA.Signing.PrivateKey, padding: _RSA.Signing.Padding) throws -> String {
        let input = Base64URL.encode(try JSONSerialization.data(withJSONObject: header))
            + "." + Base64URL.encode(try JSONSerialization.data(withJSONObject: payload))
        return input + "." + Base64URL.encode(try key.signature(for: Data(input.utf8), padding: padding).rawRepresentation)
    }

    private func postAssertion(_ assertion: String, base: URL) async throws -> (status: Int, headers: [String: String], json: [String: Any]) {
        let form = "client_id=\(TestTenant.certificateApp)&grant_type=client_credentials&scope=https%3A%2F%2Foutlook.office365.com%2F.default"
            + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=\(assertion)"
        return try await postRawTokenRequest(base: base, tenant: TestTenant.tenantId, form: form)
    }
}
