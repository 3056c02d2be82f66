import Foundation

/// The claims of an access token, read for diagnosis only (never to decide access).
///
/// Microsoft warns that tokens for its APIs are not always decodable JWTs, so reading
/// fails soft: ``init(decoding:)`` returns nil and callers report "could not inspect".
public struct AccessTokenClaims: Sendable, Hashable {
    /// Granted application permissions; nil when the token has no `roles` claim at all.
    public var roles: [String]?
    public var tenantId: String?
    public var audience: String?
    public var appId: String?
    public var issuer: String?
    public var expiresOn: Date?
    /// `app` for app-only tokens.
    public var identityType: String?

    public init?(decoding token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(parts[1]),
              let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return nil }
        roles = json["roles"] as? [String]
        tenantId = json["tid"] as? String
        audience = (json["aud"] as? String) ?? (json["aud"] as? [String])?.first
        appId = (json["appid"] as? String) ?? (json["azp"] as? String)
        issuer = json["iss"] as? String
        expiresOn = (json["exp"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        identityType = json["idtyp"] as? String
    }

    public init(roles: [String]?, tenantId: String? = nil, audience: String? = nil, appId: String? = nil,
                issuer: String? = nil, expiresOn: Date? = nil, identityType: String? = nil) {
        self.roles = roles
        self.tenantId = tenantId
        self.audience = audience
        self.appId = appId
        self.issuer = issuer
        self.expiresOn = expiresOn
        self.identityType = identityType
    }
}
