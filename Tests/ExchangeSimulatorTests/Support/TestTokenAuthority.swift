import Crypto
import ExchangeSimulator
import Foundation
import _CryptoExtras

/// Test-only stand-in for the simulator's Entra ID side until it is merged: it signs RS256
/// access tokens with its own RSA key and, as the EWS endpoint's validator, accepts only tokens
/// it signed itself, for the Exchange Online audience, not expired.
final class TestTokenAuthority: AppTokenValidating, Sendable {
    static let audience = "https://outlook.office365.com"
    private let key: _RSA.Signing.PrivateKey

    init() throws {
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    func token(
        tenantId: String, appId: String = "22222222-2222-4222-8222-222222222222", roles: [String]? = ["full_access_as_app"],
        audience: String = TestTokenAuthority.audience, expiresIn: TimeInterval = 3600
    ) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        var claims: [String: Any] = [
            "aud": audience, "iss": "https://sts.windows.net/\(tenantId)/", "tid": tenantId, "appid": appId, "azp": appId,
            "idtyp": "app", "iat": now, "nbf": now, "exp": now + Int(expiresIn),
        ]
        if let roles { claims["roles"] = roles }
        let header = Self.base64URL(try JSONSerialization.data(withJSONObject: ["alg": "RS256", "typ": "JWT"], options: [.sortedKeys]))
        let payload = Self.base64URL(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
        let signingInput = Data("\(header).\(payload)".utf8)
        let signature = try key.signature(for: signingInput, padding: .insecurePKCS1v1_5)
        return "\(header).\(payload).\(Self.base64URL(signature.rawRepresentation))"
    }

    func validate(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
        try validate(bearerToken, audience: Self.audience)
    }

    static let graphAudience = "https://graph.microsoft.com"

    func validateGraph(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
        try validate(bearerToken, audience: Self.graphAudience)
    }

    private func validate(_ bearerToken: String, audience: String) throws(AppTokenRejection) -> AppTokenClaims {
        let parts = bearerToken.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let signature = Self.data(base64URL: parts[2]), let payload = Self.data(base64URL: parts[1]) else {
            throw AppTokenRejection(reason: "malformed token")
        }
        let valid = key.publicKey.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data("\(parts[0]).\(parts[1])".utf8),
            padding: .insecurePKCS1v1_5)
        guard valid else { throw AppTokenRejection(reason: "bad signature") }
        guard let claims = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any],
            claims["aud"] as? String == audience, let expiry = claims["exp"] as? Int, expiry > Int(Date().timeIntervalSince1970),
            let tenant = claims["tid"] as? String, let app = claims["appid"] as? String
        else { throw AppTokenRejection(reason: "invalid claims") }
        return AppTokenClaims(tenantId: tenant, appId: app, roles: claims["roles"] as? [String] ?? [])
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
