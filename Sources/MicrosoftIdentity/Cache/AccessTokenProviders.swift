import Foundation
import Logging
import Synchronization

/// One ``ClientCredentialsTokenProvider`` per (tenant, app, resource), created on first use.
/// An environment's EWS client and Graph client each get theirs; environments never share one.
public final class AccessTokenProviders: Sendable {
    private struct Key: Hashable {
        var tenantId: String
        var clientId: String
        var resource: String
    }

    private let providers = Mutex<[Key: ClientCredentialsTokenProvider]>([:])
    let endpoint: TokenEndpointClient
    let policy: TokenCachePolicy
    let retry: TokenRetryPolicy
    let clock: IdentityClock

    public init(endpoint: TokenEndpointClient = TokenEndpointClient(), policy: TokenCachePolicy = TokenCachePolicy(),
                retry: TokenRetryPolicy = TokenRetryPolicy(), clock: IdentityClock = .system) {
        self.endpoint = endpoint
        self.policy = policy
        self.retry = retry
        self.clock = clock
    }

    /// The provider for this registration and resource; the same instance on every call.
    public func provider(for registration: AppRegistration, resource: TokenResource, logger: Logger = Logger(label: "MicrosoftIdentity")) -> ClientCredentialsTokenProvider {
        let key = Key(tenantId: registration.tenantId.lowercased(), clientId: registration.clientId.lowercased(),
                      resource: resource.applicationIdURI.lowercased())
        return providers.withLock { providers in
            if let existing = providers[key] { return existing }
            let created = ClientCredentialsTokenProvider(
                registration: registration, resource: resource, endpoint: endpoint, policy: policy, retry: retry,
                clock: clock, logger: logger)
            providers[key] = created
            return created
        }
    }
}
