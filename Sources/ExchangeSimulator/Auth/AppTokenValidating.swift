/// What the EWS endpoint learns from a valid app-only access token.
public struct AppTokenClaims: Sendable, Hashable {
    public var tenantId: String
    public var appId: String
    public var roles: [String]

    public init(tenantId: String, appId: String, roles: [String]) {
        self.tenantId = tenantId
        self.appId = appId
        self.roles = roles
    }
}

/// Why a bearer token was refused (EWS answers HTTP 401 with `WWW-Authenticate`).
public struct AppTokenRejection: Error, Sendable, Hashable {
    /// A short reason for `error_description`; never contains the token.
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// Validates bearer tokens for the EWS endpoint: signature, issuer, audience
/// (`https://outlook.office365.com`), expiry. The Entra ID side of the simulator provides
/// the real implementation, checking tokens it issued itself.
public protocol AppTokenValidating: Sendable {
    func validate(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims
    /// The same checks for the Microsoft Graph audience (`https://graph.microsoft.com`): a token
    /// for EWS is refused here, and a Graph token is refused by `validate(bearerToken:)`.
    func validateGraph(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims
}

extension AppTokenValidating {
    /// Validators that know no Graph audience refuse every Graph token.
    public func validateGraph(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
        throw AppTokenRejection(reason: "this validator accepts no Microsoft Graph tokens")
    }
}
