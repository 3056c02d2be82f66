import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import X509

extension EntraIDSimulator {
    /// What an administrator does in the Entra admin center, over HTTP for tests and demos:
    /// - `POST /control/tenants/{tenant}/apps/{app}/certificates`: "Certificates & secrets ›
    ///   Upload certificate", with the `.cer` file as the body (DER, as Windows writes it, or PEM).
    ///   Answers the thumbprint the portal lists.
    public func addControlRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("/control/tenants/{tenant}/apps/{app}/certificates") { request, context in
            let tenant = try context.parameters.require("tenant")
            let app = try context.parameters.require("app")
            let body = try await request.body.collect(upTo: 64 * 1024)
            let bytes = Array(body.readableBytesView)
            let certificate: Certificate
            do {
                if let text = String(bytes: bytes, encoding: .utf8), text.contains("-----BEGIN CERTIFICATE-----") {
                    certificate = try Certificate(pemEncoded: text)
                } else {
                    certificate = try Certificate(derEncoded: bytes)
                }
            } catch {
                return Self.json(["error": "The file is not a certificate (.cer, DER or PEM)."], status: .badRequest, correlationId: nil)
            }
            guard self.hasApp(tenantId: tenant, clientId: app) else {
                return Self.json(["error": "No application \(app) in tenant \(tenant)."], status: .notFound, correlationId: nil)
            }
            let pem = try certificate.serializeAsPEM().pemString
            self.updateApp(tenantId: tenant, clientId: app) { $0.certificates.append(CertificateSeed(certificatePEM: pem)) }
            let thumbprint = Insecure.SHA1.hash(data: try certificate.serializeAsPEM().derBytes).map { String(format: "%02X", $0) }.joined()
            return Self.json(["thumbprint": thumbprint], status: .created, correlationId: nil)
        }
    }
}
