import Foundation

/// A failed token request, with what an operator needs: tenant, app, resource, the upstream
/// `error` and AADSTS code, the trace and correlation ids for a Microsoft support case.
///
/// It never holds the secret or a token: the upstream description is cut at its first line
/// and scrubbed of the credential before it is stored.
public struct TokenRequestError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Entra ID answered with an OAuth error (`oauthError` says which).
        case rejected
        /// HTTP 429.
        case throttled
        /// HTTP 5xx without an OAuth error body.
        case serviceUnavailable
        /// No HTTP answer: DNS, connection, TLS, timeout.
        case transport
        /// An answer we could not read (not JSON, no token).
        case malformedResponse
    }

    public var kind: Kind
    public var oauthError: OAuthErrorCode?
    /// `error_codes[0]`, e.g. 7000215; for diagnostics only.
    public var aadstsCode: Int?
    public var httpStatus: Int?
    public var traceId: String?
    public var correlationId: String?
    public var retryAfter: Duration?
    public var tenantId: String
    public var clientId: String
    public var resource: String
    /// A short, credential-free summary of what the server said.
    public var summary: String

    public init(kind: Kind, oauthError: OAuthErrorCode? = nil, aadstsCode: Int? = nil, httpStatus: Int? = nil,
                traceId: String? = nil, correlationId: String? = nil, retryAfter: Duration? = nil,
                tenantId: String, clientId: String, resource: String, summary: String) {
        self.kind = kind
        self.oauthError = oauthError
        self.aadstsCode = aadstsCode
        self.httpStatus = httpStatus
        self.traceId = traceId
        self.correlationId = correlationId
        self.retryAfter = retryAfter
        self.tenantId = tenantId
        self.clientId = clientId
        self.resource = resource
        self.summary = summary
    }

    /// `AADSTS7000215`, when Entra gave a code.
    public var upstreamCode: String? { aadstsCode.map { "AADSTS\($0)" } }

    /// Whether trying again later can succeed without anyone changing the configuration.
    public var isTransient: Bool {
        switch kind {
        case .throttled, .serviceUnavailable, .transport: return true
        case .malformedResponse: return (httpStatus ?? 0) >= 500
        case .rejected:
            if oauthError == .temporarilyUnavailable || oauthError == .serverError { return true }
            return (httpStatus ?? 0) >= 500 || httpStatus == 429
        }
    }

    public var description: String {
        var parts = ["token request failed for tenant \(tenantId), app \(clientId), resource \(resource)"]
        if let oauthError { parts.append("error \(oauthError)") }
        if let upstreamCode { parts.append(upstreamCode) }
        if let httpStatus { parts.append("HTTP \(httpStatus)") }
        parts.append(summary)
        if let correlationId { parts.append("correlation id \(correlationId)") }
        if let traceId { parts.append("trace id \(traceId)") }
        return parts.joined(separator: "; ")
    }
}
