import _CryptoExtras
import Foundation

extension EntraIDSimulator {
    /// Checks a bearer token the way a resource server does: RS256 signature by our key,
    /// audience, issuer, expiry and not-before. Authorization (e.g. `full_access_as_app`) is the
    /// caller's job, with ``ValidatedAppToken/roles``.
    ///
    /// - Parameters:
    ///   - bearer: the token, with or without the `Bearer ` prefix.
    ///   - expectedAudiences: e.g. ``SimulatedResource/acceptedAudiences`` of `.exchangeOnline`.
    public func validate(bearer: String, expectedAudiences: Set<String>) throws(AccessTokenRejection) -> ValidatedAppToken {
        var token = Substring(bearer.trimmingCharacters(in: .whitespaces))
        if token.lowercased().hasPrefix("bearer ") { token = token.dropFirst(7).drop(while: { $0 == " " }) }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerData = Base64URL.decode(parts[0]), let payloadData = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]),
              let header = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any],
              let claims = (try? JSONSerialization.jsonObject(with: payloadData)) as? [String: Any]
        else { throw .malformed }

        guard header["alg"] as? String == "RS256", header["kid"] as? String == signingKey.keyID else {
            throw .unknownSigningKey
        }
        let signingInput = Data((parts[0] + "." + parts[1]).utf8)
        guard signingKey.privateKey.publicKey.isValidSignature(
            .init(rawRepresentation: signature), for: signingInput, padding: .insecurePKCS1v1_5)
        else { throw .invalidSignature }

        let audience = claims["aud"] as? String ?? ""
        let lowered = Set(expectedAudiences.map { $0.lowercased() })
        guard lowered.contains(audience.lowercased()) else { throw .wrongAudience(audience) }

        guard let tenantId = claims["tid"] as? String, let appId = claims["appid"] as? String,
              let exp = (claims["exp"] as? NSNumber)?.doubleValue
        else { throw .malformed }
        let issuer = claims["iss"] as? String ?? ""
        guard issuer == Self.issuer(tenantId: tenantId) else { throw .wrongIssuer(issuer) }

        let now = clock()
        let expiresOn = Date(timeIntervalSince1970: exp)
        guard expiresOn > now else { throw .expired(expiresOn) }
        if let nbf = (claims["nbf"] as? NSNumber)?.doubleValue, Date(timeIntervalSince1970: nbf) > now {
            throw .notYetValid(Date(timeIntervalSince1970: nbf))
        }
        let roles = claims["roles"] as? [String]
        return ValidatedAppToken(
            tenantId: tenantId, appId: appId, objectId: claims["oid"] as? String ?? "",
            audience: audience, roles: roles ?? [], hasRolesClaim: roles != nil, expiresOn: expiresOn)
    }
}
