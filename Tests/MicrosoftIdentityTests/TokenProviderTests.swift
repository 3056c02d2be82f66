import ExchangeSimulator
import Foundation
import MicrosoftIdentity
import Testing

/// The cache in front of the token endpoint, measured by the requests the simulator counts.
@Suite struct TokenProviderTests {
    private func provider(_ simulator: EntraIDSimulator, base: URL, clock: TestClock, clientId: String = TestTenant.goodApp,
                          retry: TokenRetryPolicy = TokenRetryPolicy(random: { 0.5 }), logger: LogCapture? = nil) -> ClientCredentialsTokenProvider {
        ClientCredentialsTokenProvider(
            registration: TestTenant.registration(clientId, base: base), resource: .exchangeOnline(),
            retry: retry, clock: clock.identityClock, logger: (logger ?? LogCapture()).logger())
    }

    private var tenant: String { TestTenant.tenantId }

    @Test func reusesTokenUntilRefreshPoint() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock, policy: TokenIssuancePolicy(lifetime: 3600...3600))
        try await withEntraServer(simulator) { base in
            let provider = provider(simulator, base: base, clock: clock)
            let first = try await provider.accessToken()
            clock.advance(by: 3000)
            let second = try await provider.accessToken()
            #expect(first == second)
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 1)

            // Past expires_in − 5 min: refreshed ahead of expiry.
            clock.advance(by: 301)
            let third = try await provider.accessToken()
            #expect(third != first)
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 2)
        }
    }

    @Test func honoursRefreshIn() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock, policy: TokenIssuancePolicy(lifetime: 5000...5000, refreshIn: 1200))
        try await withEntraServer(simulator) { base in
            let provider = provider(simulator, base: base, clock: clock)
            let first = try await provider.accessToken()
            #expect(first.refreshOn == clock.now.addingTimeInterval(1200))
            clock.advance(by: 1199)
            #expect(try await provider.accessToken() == first)
            clock.advance(by: 2)
            #expect(try await provider.accessToken() != first)
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 2)
        }
    }

    @Test func thousandConcurrentCallersCauseOneRequest() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let provider = provider(simulator, base: base, clock: clock)
            let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
                for _ in 0..<1000 { group.addTask { try await provider.accessToken() } }
                var collected = Set<AccessToken>()
                for try await token in group { collected.insert(token) }
                return collected
            }
            #expect(tokens.count == 1)
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 1)
            #expect(simulator.tokensIssuedCount(tenantId: tenant) == 1)
        }
    }

    @Test func servesStillValidTokenWhenRefreshFails() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock, policy: TokenIssuancePolicy(lifetime: 3600...3600))
        try await withEntraServer(simulator) { base in
            let provider = provider(simulator, base: base, clock: clock)
            let first = try await provider.accessToken()
            simulator.setFaults(TokenEndpointFaults(outage: true))
            clock.advance(by: 3400)  // inside the refresh window, 200 s left
            #expect(try await provider.accessToken() == first)
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 2)
            #expect(await provider.lastFailure?.httpStatus == 503)
            // Cooldown: the next caller is not sent to the failing endpoint again at once.
            #expect(try await provider.accessToken() == first)
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 2)

            // Once the token is about to expire, the failure surfaces.
            clock.advance(by: 150)
            await #expect(throws: TokenRequestError.self) { try await provider.accessToken() }

            // And recovery is picked up.
            simulator.setFaults(TokenEndpointFaults())
            clock.advance(by: 60)
            #expect(try await provider.accessToken() != first)
        }
    }

    @Test func retriesThrottlingHonouringRetryAfter() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            simulator.setFaults(TokenEndpointFaults(throttleNext: 2, retryAfterSeconds: 3))
            let provider = provider(simulator, base: base, clock: clock)
            _ = try await provider.accessToken()
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 3)
            #expect(await provider.tokenRequestsSent == 3)
            let sleeps = clock.sleeps
            #expect(sleeps.count == 2)
            #expect(sleeps.allSatisfy { $0 >= .seconds(3) && $0 <= .milliseconds(3300) })
        }
    }

    @Test func transientRetriesAreBoundedAndBackOff() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            // 503 with no usable Retry-After (0 s is ignored as "no hint" by being tiny): exponential backoff.
            simulator.setFaults(TokenEndpointFaults(outage: true, retryAfterSeconds: 0))
            let retry = TokenRetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), maxDelay: .seconds(4), random: { 1.0 })
            let provider = provider(simulator, base: base, clock: clock, retry: retry)
            await #expect(throws: TokenRequestError.self) { try await provider.accessToken() }
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 4)
            #expect(clock.sleeps.count == 3)

            // Right after giving up, callers get the failure without a new burst of requests.
            await #expect(throws: TokenRequestError.self) { try await provider.accessToken() }
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 4)
        }
    }

    @Test func permanentFailureIsNotRetriedInALoop() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let provider = ClientCredentialsTokenProvider(
                registration: TestTenant.registration(secret: "wrong-secret-value-0000000000000000000", base: base),
                resource: .exchangeOnline(), clock: clock.identityClock, logger: LogCapture().logger())
            for _ in 0..<5 {
                await #expect(throws: TokenRequestError.self) { try await provider.accessToken() }
            }
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 1)
            #expect(clock.sleeps.isEmpty)

            // After the hold (default 120 s) one more attempt is allowed.
            clock.advance(by: 121)
            await #expect(throws: TokenRequestError.self) { try await provider.accessToken() }
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 2)
        }
    }

    @Test func forcedRefreshAfter401IsDebounced() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let provider = provider(simulator, base: base, clock: clock)
            let first = try await provider.accessToken()
            // A burst of 401s right after acquisition: no new request.
            #expect(try await provider.accessToken(forceRefresh: true) == first)
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 1)
            clock.advance(by: 30)
            let forced = try await provider.accessToken(forceRefresh: true)
            #expect(forced != first)
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 2)
        }
    }

    @Test func expiringSecretIsWarnedInTheLog() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let logs = LogCapture()
            let registration = AppRegistration(
                tenantId: TestTenant.tenantId, clientId: TestTenant.goodApp,
                credential: .secret(ClientSecret(TestTenant.canarySecret, expiresOn: clock.now.addingTimeInterval(5 * 86400))),
                cloud: .custom(authority: base))
            let provider = ClientCredentialsTokenProvider(
                registration: registration, resource: .exchangeOnline(), clock: clock.identityClock, logger: logs.logger())
            _ = try await provider.accessToken()
            #expect(await provider.expiryDiagnostic?.code == .clientSecretExpiringSoon)
            #expect(logs.all.contains { $0.hasPrefix("warning") && $0.contains("clientSecretExpiringSoon") })
            #expect(!logs.all.contains { $0.contains(TestTenant.canarySecret) })
        }
    }

    @Test func providersAreSeparatePerTenantAndResource() async throws {
        let clock = TestClock()
        let simulator = try makeSimulator(clock: clock)
        try await withEntraServer(simulator) { base in
            let providers = AccessTokenProviders(clock: clock.identityClock)
            let registration = TestTenant.registration(base: base)
            let ews = providers.provider(for: registration, resource: .exchangeOnline())
            #expect(ews === providers.provider(for: registration, resource: .exchangeOnline()))
            let graph = providers.provider(for: registration, resource: .graph())
            #expect(ews !== graph)
            _ = try await ews.accessToken()
            _ = try await graph.accessToken()
            _ = try await ews.accessToken()
            #expect(simulator.tokenRequestCount(tenantId: tenant) == 2)
        }
    }
}
