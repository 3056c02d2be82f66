import Synchronization

/// The live throttling and fault state of every tenant: settings, in-flight request counts and
/// the seeded random generator. Shared by the EWS endpoint and the token endpoint
/// (`isTokenEndpointDown`).
public final class SimulatorFaults: Sendable {
    /// What to do with an incoming EWS request.
    public enum Decision: Sendable, Equatable {
        case proceed(latencyMilliseconds: Int)
        case fault(FaultSettings.ScriptedFault, backOffMilliseconds: Int)
        case throttled(code: String, backOffMilliseconds: Int, limit: Int, policy: String)
    }

    private struct TenantState {
        var settings: FaultSettings
        var random: SplitMix64
        var inFlightByApp: [String: Int] = [:]
        var inFlightByMailbox: [String: Int] = [:]
    }

    private let state: Mutex<[String: TenantState]>

    public init(settings: [String: FaultSettings]) {
        state = Mutex(settings.mapValues { TenantState(settings: $0, random: SplitMix64(seed: $0.randomSeed)) })
    }

    public func settings(tenantId: String) -> FaultSettings {
        state.withLock { $0[tenantId.lowercased()]?.settings ?? FaultSettings() }
    }

    /// Replaces a tenant's settings; the random generator restarts from the new seed.
    public func update(tenantId: String, to settings: FaultSettings) {
        state.withLock { states in
            let key = tenantId.lowercased()
            var tenant = states[key] ?? TenantState(settings: settings, random: SplitMix64(seed: settings.randomSeed))
            tenant.settings = settings
            tenant.random = SplitMix64(seed: settings.randomSeed)
            states[key] = tenant
        }
    }

    /// For the token endpoint: whether this tenant's token endpoint is in an outage.
    public func isTokenEndpointDown(tenantId: String) -> Bool {
        settings(tenantId: tenantId).tokenEndpointOutage
    }

    /// Decides the fate of one EWS request; `.proceed` counts it in flight until `finish`.
    func admit(tenantId: String, appId: String, mailbox: String) -> Decision {
        state.withLock { states in
            let key = tenantId.lowercased()
            guard var tenant = states[key] else {
                states[key] = TenantState(settings: FaultSettings(), random: SplitMix64(seed: 1))
                return admitFresh(&states[key]!, appId: appId, mailbox: mailbox)
            }
            defer { states[key] = tenant }
            return admitFresh(&tenant, appId: appId, mailbox: mailbox)
        }
    }

    private func admitFresh(_ tenant: inout TenantState, appId: String, mailbox: String) -> Decision {
        let settings = tenant.settings
        if !tenant.settings.scriptedFaults.isEmpty {
            let fault = tenant.settings.scriptedFaults.removeFirst()
            return .fault(fault, backOffMilliseconds: settings.backOffMilliseconds)
        }
        if settings.serviceUnavailableRate > 0, tenant.random.nextUnit() < settings.serviceUnavailableRate {
            return .fault(.serviceUnavailable, backOffMilliseconds: settings.backOffMilliseconds)
        }
        if settings.droppedConnectionRate > 0, tenant.random.nextUnit() < settings.droppedConnectionRate {
            return .fault(.dropConnection, backOffMilliseconds: settings.backOffMilliseconds)
        }
        let mailboxKey = mailbox.lowercased()
        if let limit = settings.maxConcurrentRequestsPerApp, tenant.inFlightByApp[appId, default: 0] >= limit {
            return .throttled(
                code: settings.concurrencyErrorCode, backOffMilliseconds: settings.backOffMilliseconds, limit: limit,
                policy: "MaxConcurrency")
        }
        if let limit = settings.maxConcurrentRequestsPerMailbox, tenant.inFlightByMailbox[mailboxKey, default: 0] >= limit {
            return .throttled(
                code: settings.concurrencyErrorCode, backOffMilliseconds: settings.backOffMilliseconds, limit: limit,
                policy: "MaxConcurrencyPerMailbox")
        }
        tenant.inFlightByApp[appId, default: 0] += 1
        tenant.inFlightByMailbox[mailboxKey, default: 0] += 1
        return .proceed(latencyMilliseconds: settings.addedLatencyMilliseconds)
    }

    /// For the Graph side: the next scripted fault, else a random 503 or dropped connection by
    /// the tenant's rates; nil to proceed. (Graph has its own limits, `GraphRequestLimits`.)
    func nextInjectedFault(tenantId: String) -> FaultSettings.ScriptedFault? {
        state.withLock { states in
            let key = tenantId.lowercased()
            guard var tenant = states[key] else { return nil }
            defer { states[key] = tenant }
            if !tenant.settings.scriptedFaults.isEmpty { return tenant.settings.scriptedFaults.removeFirst() }
            let settings = tenant.settings
            if settings.serviceUnavailableRate > 0, tenant.random.nextUnit() < settings.serviceUnavailableRate { return .serviceUnavailable }
            if settings.droppedConnectionRate > 0, tenant.random.nextUnit() < settings.droppedConnectionRate { return .dropConnection }
            return nil
        }
    }

    func finish(tenantId: String, appId: String, mailbox: String) {
        state.withLock { states in
            let key = tenantId.lowercased()
            states[key]?.inFlightByApp[appId, default: 1] -= 1
            states[key]?.inFlightByMailbox[mailbox.lowercased(), default: 1] -= 1
        }
    }
}

/// A small deterministic generator, so that seeded fault runs replay exactly.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
