import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import MicrosoftIdentity
import NIOCore
import Onboarding
import SimulatorTestSupport
import Testing
import X509

@Suite("The certificate credential the service makes")
struct OnboardingCertificateTests {
    @Test("Its public certificate, once uploaded to the app, gets tokens; before the upload it is refused as Entra ID refuses it")
    func tokensOnceUploaded() async throws {
        let credential = try GeneratedCertificate.make(environment: "contoso")
        let parsed = try Certificate(derEncoded: [UInt8](credential.certificateDER))
        #expect(String(describing: parsed.subject).contains("Prextra Sync contoso"))
        #expect(credential.thumbprint.count == 40 && credential.thumbprint.allSatisfy(\.isHexDigit))
        #expect(abs(credential.notValidAfter.timeIntervalSinceNow - GeneratedCertificate.validity) < 3_600)
        #expect(!credential.certificatePEM.contains("PRIVATE KEY") && credential.privateKeyPEM.contains("PRIVATE KEY"))

        try await SimulatorFixture.with { simulator in
            let registration = AppRegistration(
                tenantId: SimulatorFixture.contosoTenant, clientId: SimulatorFixture.contosoApp,
                credential: .certificate(try ClientCertificate(certificatePEM: credential.certificatePEM, privateKeyPEM: credential.privateKeyPEM)),
                cloud: .custom(authority: simulator.baseURL))
            func token() async throws -> AccessToken {
                try await ClientCredentialsTokenProvider(
                    registration: registration, resource: .exchangeOnline(),
                    endpoint: TokenEndpointClient(httpClient: SimulatorFixture.httpClient)
                ).accessToken()
            }
            let refused = await #expect(throws: TokenRequestError.self) { try await token() }
            #expect(refused?.aadstsCode == 700027, "the certificate is not uploaded yet")
            // The customer uploads the .cer under "Certificates & secrets".
            simulator.identity.updateApp(tenantId: SimulatorFixture.contosoTenant, clientId: SimulatorFixture.contosoApp) { app in
                app.certificates.append(CertificateSeed(certificatePEM: credential.certificatePEM))
            }
            #expect(try await !token().value.isEmpty)
        }
    }

    @Test("The simulator's admin route takes the .cer as the portal's Upload certificate does: DER or PEM, the thumbprint back")
    func uploadThroughTheSimulatorsAdminRoute() async throws {
        let credential = try GeneratedCertificate.make(environment: "contoso")
        try await SimulatorFixture.with { simulator in
            func upload(_ body: Data, app: String = SimulatorFixture.contosoApp) async throws -> (Int, String) {
                var request = HTTPClientRequest(
                    url: simulator.baseURL.absoluteString + "/control/tenants/\(SimulatorFixture.contosoTenant)/apps/\(app)/certificates")
                request.method = .POST
                request.body = .bytes(ByteBuffer(bytes: body))
                let response = try await SimulatorFixture.httpClient.execute(request, timeout: .seconds(30))
                return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
            }
            #expect(try await upload(Data("not a certificate".utf8)).0 == 400)
            #expect(try await upload(credential.certificateDER, app: "99999999-9999-4999-8999-999999999999").0 == 404)
            let (status, body) = try await upload(credential.certificateDER)
            #expect(status == 201 && body.contains(credential.thumbprint))
            let registration = AppRegistration(
                tenantId: SimulatorFixture.contosoTenant, clientId: SimulatorFixture.contosoApp,
                credential: .certificate(try ClientCertificate(certificatePEM: credential.certificatePEM, privateKeyPEM: credential.privateKeyPEM)),
                cloud: .custom(authority: simulator.baseURL))
            let token = try await ClientCredentialsTokenProvider(
                registration: registration, resource: .exchangeOnline(), endpoint: TokenEndpointClient(httpClient: SimulatorFixture.httpClient)
            ).accessToken()
            #expect(!token.value.isEmpty, "the uploaded certificate gets tokens")
        }
    }
}
