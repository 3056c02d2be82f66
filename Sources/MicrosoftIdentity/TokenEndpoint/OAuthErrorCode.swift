/// The OAuth 2.0 `error` value of a token endpoint answer: what code branches on.
/// (The AADSTS number is only a hint for the operator and may change.)
public enum OAuthErrorCode: Sendable, Hashable, CustomStringConvertible {
    case invalidRequest
    case invalidClient
    case invalidGrant
    case unauthorizedClient
    case unsupportedGrantType
    case invalidScope
    case invalidResource
    case temporarilyUnavailable
    case serverError
    case other(String)

    public init(_ value: String) {
        switch value {
        case "invalid_request": self = .invalidRequest
        case "invalid_client": self = .invalidClient
        case "invalid_grant": self = .invalidGrant
        case "unauthorized_client": self = .unauthorizedClient
        case "unsupported_grant_type": self = .unsupportedGrantType
        case "invalid_scope": self = .invalidScope
        case "invalid_resource": self = .invalidResource
        case "temporarily_unavailable": self = .temporarilyUnavailable
        case "server_error": self = .serverError
        default: self = .other(value)
        }
    }

    public var description: String {
        switch self {
        case .invalidRequest: "invalid_request"
        case .invalidClient: "invalid_client"
        case .invalidGrant: "invalid_grant"
        case .unauthorizedClient: "unauthorized_client"
        case .unsupportedGrantType: "unsupported_grant_type"
        case .invalidScope: "invalid_scope"
        case .invalidResource: "invalid_resource"
        case .temporarilyUnavailable: "temporarily_unavailable"
        case .serverError: "server_error"
        case .other(let value): value
        }
    }
}
