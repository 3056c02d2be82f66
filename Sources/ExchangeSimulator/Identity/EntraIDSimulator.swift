import Crypto
import Foundation
import Synchronization

/// The Entra ID part of the simulator: a token endpoint for the seeded tenants and apps,
/// OpenID discovery, a JWKS, and the validator the EWS side uses for bearer tokens.
///
/// Routes are mounted with ``addRoutes(to:)`` on any Hummingbird router, so the composed
/// simulator server and a test's own small server serve the same endpoint.
public final class EntraIDSimulator: Sendable {
    public let signingKey: TokenSigningKey
    public let issuancePolicy: TokenIssuancePolicy
    let clock: @Sendable () -> Date
    private let state: Mutex<State>

    struct State {
        var seed: SimulatorSeed
        var faults = TokenEndpointFaults()
        var tokenRequests: [String: Int] = [:]
        var tokensIssued: [String: Int] = [:]
        /// Scheme and host the endpoint is reachable at, for the discovery document.
        var publicBaseURL: String?
        /// Tenants (id or domain, lowercased) that live in another cloud, with that cloud's name.
        var nationalCloudTenants: [String: String] = [:]
    }

    /// - Parameters:
    ///   - seed: tenants and apps; may be replaced later with ``updateSeed(_:)``.
    ///   - signingKey: the token signing key; generated when absent.
    ///   - clock: the simulator's notion of now, injectable so tests can age tokens and secrets.
    public init(
        seed: SimulatorSeed, signingKey: TokenSigningKey? = nil,
        issuancePolicy: TokenIssuancePolicy = TokenIssuancePolicy(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.signingKey = try signingKey ?? TokenSigningKey.generate()
        self.issuancePolicy = issuancePolicy
        self.clock = clock
        self.state = Mutex(State(seed: seed))
    }

    // MARK: Seed, faults, counters

    public var seed: SimulatorSeed { state.withLock { $0.seed } }

    /// Replaces tenants and apps while running (e.g. a test revokes consent or disables an app).
    public func updateSeed(_ seed: SimulatorSeed) { state.withLock { $0.seed = seed } }

    /// Whether the tenant has this app registration.
    public func hasApp(tenantId: String, clientId: String) -> Bool {
        state.withLock { state in
            state.seed.tenants.contains { $0.id.lowercased() == tenantId.lowercased() && $0.apps.contains { $0.clientId.lowercased() == clientId.lowercased() } }
        }
    }

    /// Changes one app in place; does nothing when the tenant or app is unknown.
    public func updateApp(tenantId: String, clientId: String, _ change: (inout AppSeed) -> Void) {
        state.withLock { state in
            guard let t = state.seed.tenants.firstIndex(where: { $0.id.lowercased() == tenantId.lowercased() }),
                  let a = state.seed.tenants[t].apps.firstIndex(where: { $0.clientId.lowercased() == clientId.lowercased() })
            else { return }
            change(&state.seed.tenants[t].apps[a])
        }
    }

    public var faults: TokenEndpointFaults {
        get { state.withLock { $0.faults } }
    }

    public func setFaults(_ faults: TokenEndpointFaults) { state.withLock { $0.faults = faults } }

    /// Token requests received for a tenant id (successful or not, faults included).
    public func tokenRequestCount(tenantId: String) -> Int {
        state.withLock { $0.tokenRequests[tenantId.lowercased(), default: 0] }
    }

    /// Access tokens issued for a tenant id.
    public func tokensIssuedCount(tenantId: String) -> Int {
        state.withLock { $0.tokensIssued[tenantId.lowercased(), default: 0] }
    }

    /// All token requests received, whatever the tenant segment said.
    public var totalTokenRequestCount: Int {
        state.withLock { $0.tokenRequests.values.reduce(0, +) }
    }

    /// Where clients reach this endpoint (`https://127.0.0.1:8443`), used in discovery documents.
    /// When unset, the request's Host header is used.
    public func setPublicBaseURL(_ url: String?) { state.withLock { $0.publicBaseURL = url } }
    var publicBaseURL: String? { state.withLock { $0.publicBaseURL } }

    /// Declares a tenant (GUID or domain) as belonging to a national cloud, e.g. `"USGovCloud"`:
    /// token requests for it then fail with AADSTS90038, as on the global authority.
    public func setNationalCloudTenant(_ tenant: String, cloud: String?) {
        state.withLock { $0.nationalCloudTenants[tenant.lowercased()] = cloud }
    }

    /// The v1 issuer for a tenant, as Exchange and Graph tokens carry it.
    public static func issuer(tenantId: String) -> String { "https://sts.windows.net/\(tenantId)/" }

    // MARK: Token endpoint logic (HTTP-free, so it can be tested and reused)

    /// The outcome of one token request.
    enum TokenOutcome {
        case issued([String: any Sendable], tenantId: String)
        case failed(EntraError)
    }

    /// Decides a client-credentials request for the `{tenant}` path segment and form fields.
    func handleTokenRequest(tenantSegment: String, form: [String: String], basicCredentials: (String, String)?) -> TokenOutcome {
        let now = clock()
        let resolved = resolveTenant(tenantSegment)
        let countedTenant = (try? resolved.get())?.id.lowercased() ?? tenantSegment.lowercased()

        // Faults and counting happen first: an outage answers before anything is checked.
        let injected: EntraError? = state.withLock { state in
            state.tokenRequests[countedTenant, default: 0] += 1
            guard state.faults.tenantId == nil || state.faults.tenantId?.lowercased() == countedTenant else { return nil }
            let retryAfter = state.faults.retryAfterSeconds
            if state.faults.outage { return .serviceUnavailable(retryAfter: retryAfter) }
            if state.faults.throttleNext > 0 {
                state.faults.throttleNext -= 1
                return .throttled(retryAfter: retryAfter)
            }
            if state.faults.unavailableNext > 0 {
                state.faults.unavailableNext -= 1
                return .serviceUnavailable(retryAfter: retryAfter)
            }
            return nil
        }
        if let injected { return .failed(injected) }

        let tenant: TenantSeed
        switch resolved {
        case .success(let t): tenant = t
        case .failure(let error): return .failed(error)
        }

        guard form["grant_type"] == "client_credentials" else { return .failed(.unsupportedGrantType) }
        if form["resource"] != nil { return .failed(.resourceParameterOnV2) }
        guard let clientId = form["client_id"] ?? basicCredentials?.0, !clientId.isEmpty else {
            return .failed(.missingClientId)
        }
        guard let app = tenant.apps.first(where: { $0.clientId.lowercased() == clientId.lowercased() }) else {
            return .failed(.appNotFound(clientId: clientId, tenantId: tenant.id))
        }

        // Client authentication.
        let secret = form["client_secret"] ?? basicCredentials?.1
        let assertion = form["client_assertion"]
        let authenticatedWithCertificate: Bool
        if let assertion, !assertion.isEmpty {
            guard form["client_assertion_type"] == ClientAssertionVerifier.assertionType else {
                return .failed(.assertionTypeInvalid)
            }
            do {
                try ClientAssertionVerifier(app: app, tenantNames: [tenant.id] + tenant.domains, now: now).verify(assertion)
            } catch {
                return .failed(error)
            }
            authenticatedWithCertificate = true
        } else if let secret, !secret.isEmpty {
            // Compare against every secret in constant time per candidate; the secret ID never authenticates.
            guard let match = app.secrets.first(where: { constantTimeEquals($0.value, secret) }) else {
                return .failed(.invalidSecret(clientId: app.clientId))
            }
            if match.expiresOn <= now { return .failed(.expiredSecret(clientId: app.clientId)) }
            authenticatedWithCertificate = false
        } else {
            return .failed(.missingCredential)
        }

        guard app.enabled else { return .failed(.appDisabled(clientId: app.clientId)) }

        // Scope: one resource, with /.default.
        guard let scopeValue = form["scope"], !scopeValue.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failed(.missingScope)
        }
        let scopes = scopeValue.split(separator: " ").map(String.init)
        var resourceIdentifiers = Set<String>()
        for scope in scopes {
            guard scope.lowercased().hasSuffix("/.default") else { return .failed(.scopeWithoutDefault(scope)) }
            resourceIdentifiers.insert(String(scope.dropLast("/.default".count)).lowercased())
        }
        guard resourceIdentifiers.count == 1, let resourceIdentifier = resourceIdentifiers.first else {
            return .failed(.invalidScope(scopeValue))
        }
        guard let resource = SimulatedResource.named(resourceIdentifier) else {
            return .failed(.resourceNotFound(resourceIdentifier, tenantId: tenant.id))
        }

        if app.blockedByConditionalAccess { return .failed(.conditionalAccessBlock) }

        do {
            let body = try issueToken(
                tenant: tenant, app: app, resource: resource, certificate: authenticatedWithCertificate, now: now)
            state.withLock { $0.tokensIssued[tenant.id.lowercased(), default: 0] += 1 }
            return .issued(body, tenantId: tenant.id)
        } catch {
            return .failed(.serviceUnavailable(retryAfter: 1))
        }
    }

    private func issueToken(
        tenant: TenantSeed, app: AppSeed, resource: SimulatedResource, certificate: Bool, now: Date
    ) throws -> [String: any Sendable] {
        let lifetime = Int.random(in: issuancePolicy.lifetime)
        let issuedAt = Int(now.timeIntervalSince1970)
        let objectId = app.servicePrincipalObjectId ?? Self.derivedObjectId(tenantId: tenant.id, clientId: app.clientId)
        var claims: [String: any Sendable] = [
            "aud": resource.applicationIdURI,
            "iss": Self.issuer(tenantId: tenant.id),
            "iat": issuedAt, "nbf": issuedAt, "exp": issuedAt + lifetime,
            "tid": tenant.id, "appid": app.clientId, "azp": app.clientId,
            "appidacr": certificate ? "2" : "1",
            "idtyp": "app", "oid": objectId, "sub": objectId,
            "app_displayname": app.displayName,
            "uti": Base64URL.encode(Data(UUID().uuidString.utf8).prefix(16)),
            "ver": "1.0",
        ]
        // Entra issues app-only tokens even without consent; they simply carry no roles claim.
        let roles = resource.roles(in: app)
        if app.adminConsent, !roles.isEmpty { claims["roles"] = roles }
        let header: [String: any Sendable] = ["typ": "JWT", "alg": "RS256", "kid": signingKey.keyID, "x5t": signingKey.keyID]
        var body: [String: any Sendable] = [
            "token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime,
            "access_token": try signingKey.signJWT(header: header, payload: claims),
        ]
        if let refreshIn = issuancePolicy.refreshIn { body["refresh_in"] = refreshIn }
        return body
    }

    /// A stable, GUID-shaped service principal object id, so repeated runs issue the same `oid`.
    static func derivedObjectId(tenantId: String, clientId: String) -> String {
        let digest = Array(SHA256.hash(data: Data("\(tenantId.lowercased())/\(clientId.lowercased())".utf8)))
        let hex = digest.prefix(16).map { String(format: "%02x", $0) }.joined()
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
    }

    // MARK: Tenants

    func resolveTenant(_ segment: String) -> Result<TenantSeed, EntraError> {
        let name = segment.lowercased()
        if ["common", "consumers"].contains(name) { return .failure(.commonEndpoint) }
        let (tenants, nationalClouds) = state.withLock { ($0.seed.tenants, $0.nationalCloudTenants) }
        if let cloud = nationalClouds[name] { return .failure(.nationalCloudTenant(segment, cloud: cloud)) }
        if UUID(uuidString: name) != nil {
            if let tenant = tenants.first(where: { $0.id.lowercased() == name }) { return .success(tenant) }
            return .failure(.tenantNotFound(segment))
        }
        guard Self.looksLikeDomainName(name) else { return .failure(.malformedTenant(segment)) }
        if let tenant = tenants.first(where: { $0.domains.contains { $0.lowercased() == name } }) { return .success(tenant) }
        return .failure(.tenantNotFound(segment))
    }

    static func looksLikeDomainName(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, name.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
