import Crypto
import _CryptoExtras
import Foundation
import X509

/// Checks a certificate client assertion the way Entra ID does (certificate-credentials.md):
/// the certificate named by `x5t#S256` (or legacy `x5t`) must be uploaded to the app, the PS256 or
/// RS256 signature must verify with it, `iss` = `sub` = client id, `aud` must be this tenant's
/// token endpoint, and the assertion must be within its time range.
struct ClientAssertionVerifier {
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// Entra tolerates some clock skew on `nbf`.
    static let allowedSkew: TimeInterval = 300

    var app: AppSeed
    /// The tenant id and the domains that may appear in the `aud` path.
    var tenantNames: [String]
    var now: Date

    func verify(_ assertion: String) throws(EntraError) {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerData = Base64URL.decode(parts[0]), let payloadData = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]),
              let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any],
              let payload = (try? JSONSerialization.jsonObject(with: payloadData)) as? [String: Any]
        else { throw .assertionMalformed }

        let padding: _RSA.Signing.Padding
        switch header["alg"] as? String {
        case "PS256": padding = .PSS
        case "RS256": padding = .insecurePKCS1v1_5
        default: throw .assertionMalformed
        }

        // Find the certificate the header names.
        let sha256Thumbprint = (header["x5t#S256"] as? String).flatMap(Base64URL.decode)
        let sha1Thumbprint = (header["x5t"] as? String).flatMap(Base64URL.decode)
        guard sha256Thumbprint != nil || sha1Thumbprint != nil else { throw .assertionMalformed }
        let shownThumbprint = (sha1Thumbprint ?? sha256Thumbprint).map { $0.map { String(format: "%02X", $0) }.joined() } ?? ""

        var matched: Certificate?
        for seed in app.certificates {
            guard let certificate = try? Certificate(pemEncoded: seed.certificatePEM) else { continue }
            guard let der = try? certificate.serializeAsPEM().derBytes else { continue }
            if let sha256Thumbprint, Data(SHA256.hash(data: der)) == sha256Thumbprint { matched = certificate; break }
            if let sha1Thumbprint, Data(Insecure.SHA1.hash(data: der)) == sha1Thumbprint { matched = certificate; break }
        }
        guard let certificate = matched else {
            throw .assertionKeyNotFound(clientId: app.clientId, thumbprint: shownThumbprint)
        }
        guard let publicKey = _RSA.Signing.PublicKey(certificate.publicKey) else {
            throw .assertionSignatureInvalid(clientId: app.clientId, thumbprint: shownThumbprint)
        }
        let signingInput = Data((parts[0] + "." + parts[1]).utf8)
        guard publicKey.isValidSignature(.init(rawRepresentation: signature), for: signingInput, padding: padding) else {
            throw .assertionSignatureInvalid(clientId: app.clientId, thumbprint: shownThumbprint)
        }
        if certificate.notValidAfter < now {
            throw .certificateExpired(clientId: app.clientId)
        }

        // Claims.
        let issuer = payload["iss"] as? String
        let subject = payload["sub"] as? String
        guard issuer == subject else { throw .assertionSubjectMismatch }
        guard subject?.lowercased() == app.clientId.lowercased() else { throw .assertionClientMismatch }

        let audiences: [String] = (payload["aud"] as? String).map { [$0] } ?? (payload["aud"] as? [String]) ?? []
        guard audiences.contains(where: isTokenEndpoint) else {
            throw .assertionAudienceInvalid(audiences.first ?? "")
        }

        guard let exp = (payload["exp"] as? NSNumber)?.doubleValue else { throw .assertionExpired }
        if Date(timeIntervalSince1970: exp) <= now { throw .assertionExpired }
        if let nbf = (payload["nbf"] as? NSNumber)?.doubleValue,
           Date(timeIntervalSince1970: nbf) > now.addingTimeInterval(Self.allowedSkew) {
            throw .assertionExpired
        }
    }

    /// Any host is fine (the simulator lives wherever it is started); the path must be this tenant's.
    private func isTokenEndpoint(_ audience: String) -> Bool {
        guard let url = URL(string: audience) else { return false }
        let segments = url.path.split(separator: "/").map(String.init)
        guard segments.count >= 3, segments.suffix(2) == ["oauth2", "token"] || segments.suffix(3) == ["oauth2", "v2.0", "token"]
        else { return false }
        let tenant = segments[0].lowercased()
        return tenantNames.contains { $0.lowercased() == tenant }
    }
}
