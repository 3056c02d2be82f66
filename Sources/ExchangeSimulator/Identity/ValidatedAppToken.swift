import Foundation

/// What a resource server learns from an access token the simulated Entra ID issued.
public struct ValidatedAppToken: Sendable, Hashable {
    public var tenantId: String
    /// The calling app's client id (`appid`).
    public var appId: String
    /// Object id of the app's service principal (`oid`).
    public var objectId: String
    public var audience: String
    /// Granted application permissions; empty when the token has no `roles` claim.
    public var roles: [String]
    /// Whether the token carried a `roles` claim at all (no claim means consent was never granted).
    public var hasRolesClaim: Bool
    public var expiresOn: Date

    public func hasRole(_ role: String) -> Bool { roles.contains(role) }
}

/// Why a bearer token was refused. Cases map to what Exchange reports as 401.
public enum AccessTokenRejection: Error, Sendable, Hashable {
    /// Not a three-part JWS, or its header/payload is not JSON.
    case malformed
    /// Signed with an algorithm other than RS256, or by a key we never published.
    case unknownSigningKey
    case invalidSignature
    /// `aud` is not one of the audiences the resource accepts.
    case wrongAudience(String)
    /// `iss` is not this simulator's issuer for the token's tenant.
    case wrongIssuer(String)
    case expired(Date)
    case notYetValid(Date)
}

extension AccessTokenRejection {
    /// A short reason for a `WWW-Authenticate` error description; never contains the token.
    public var reason: String {
        switch self {
        case .malformed: "the token is not a well-formed JWT"
        case .unknownSigningKey: "the token was not signed by this authority's key"
        case .invalidSignature: "the token signature is invalid"
        case .wrongAudience(let audience): "the token audience '\(audience)' is not accepted by this resource"
        case .wrongIssuer(let issuer): "the token issuer '\(issuer)' is not trusted"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not yet valid"
        }
    }
}
