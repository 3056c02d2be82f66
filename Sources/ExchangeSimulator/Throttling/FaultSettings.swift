/// Throttling and fault injection for one tenant. Seeded, and replaceable at run time.
///
/// Random faults draw from a generator seeded with `randomSeed`, so a failing run replays.
public struct FaultSettings: Codable, Sendable, Hashable {
    /// Concurrent EWS requests one app may have in flight in this tenant (EXO: 27); nil = unlimited.
    public var maxConcurrentRequestsPerApp: Int?
    /// Concurrent EWS requests against one mailbox; nil = unlimited.
    public var maxConcurrentRequestsPerMailbox: Int?
    /// The error for a concurrency overrun: `ErrorServerBusy` or `ErrorTooManyObjectsOpened`.
    public var concurrencyErrorCode: String
    /// The `BackOffMilliseconds` sent with throttling errors.
    public var backOffMilliseconds: Int
    /// Delay added to every EWS request (benchmarks use 20 ms).
    public var addedLatencyMilliseconds: Int
    /// Share of EWS requests answered with HTTP 503, 0...1.
    public var serviceUnavailableRate: Double
    /// Share of EWS requests whose connection is dropped without an answer, 0...1.
    public var droppedConnectionRate: Double
    /// Faults for the next EWS requests, in order, before any random ones.
    public var scriptedFaults: [ScriptedFault]
    /// While true the token endpoint answers 503 `temporarily_unavailable`.
    public var tokenEndpointOutage: Bool
    public var randomSeed: UInt64
    /// Graph: concurrent requests per app and mailbox before 429 `ApplicationThrottled`
    /// (Outlook's MailboxConcurrency limit is 4).
    public var graphMaxConcurrentRequestsPerMailbox: Int
    /// Graph: requests per app and mailbox in any 10 minutes before 429 (Outlook: 10,000).
    public var graphRequestsPerTenMinutes: Int
    /// Graph: the `Retry-After` seconds sent with a 429.
    public var graphRetryAfterSeconds: Int

    public enum ScriptedFault: String, Codable, Sendable, Hashable {
        case serverBusy, tooManyObjectsOpened, serviceUnavailable, dropConnection, internalServerError
        /// Graph: 429 `ApplicationThrottled` with `Retry-After` (on EWS: `ErrorServerBusy`).
        case throttled
    }

    public init(
        maxConcurrentRequestsPerApp: Int? = nil, maxConcurrentRequestsPerMailbox: Int? = nil,
        concurrencyErrorCode: String = "ErrorServerBusy", backOffMilliseconds: Int = 30_000,
        addedLatencyMilliseconds: Int = 0, serviceUnavailableRate: Double = 0, droppedConnectionRate: Double = 0,
        scriptedFaults: [ScriptedFault] = [], tokenEndpointOutage: Bool = false, randomSeed: UInt64 = 1,
        graphMaxConcurrentRequestsPerMailbox: Int = 4, graphRequestsPerTenMinutes: Int = 10_000, graphRetryAfterSeconds: Int = 1
    ) {
        self.graphMaxConcurrentRequestsPerMailbox = graphMaxConcurrentRequestsPerMailbox
        self.graphRequestsPerTenMinutes = graphRequestsPerTenMinutes
        self.graphRetryAfterSeconds = graphRetryAfterSeconds
        self.maxConcurrentRequestsPerApp = maxConcurrentRequestsPerApp
        self.maxConcurrentRequestsPerMailbox = maxConcurrentRequestsPerMailbox
        self.concurrencyErrorCode = concurrencyErrorCode
        self.backOffMilliseconds = backOffMilliseconds
        self.addedLatencyMilliseconds = addedLatencyMilliseconds
        self.serviceUnavailableRate = serviceUnavailableRate
        self.droppedConnectionRate = droppedConnectionRate
        self.scriptedFaults = scriptedFaults
        self.tokenEndpointOutage = tokenEndpointOutage
        self.randomSeed = randomSeed
    }

    public init(from decoder: any Decoder) throws {
        let defaults = FaultSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxConcurrentRequestsPerApp = try container.decodeIfPresent(Int.self, forKey: .maxConcurrentRequestsPerApp)
        maxConcurrentRequestsPerMailbox = try container.decodeIfPresent(Int.self, forKey: .maxConcurrentRequestsPerMailbox)
        concurrencyErrorCode = try container.decodeIfPresent(String.self, forKey: .concurrencyErrorCode) ?? defaults.concurrencyErrorCode
        backOffMilliseconds = try container.decodeIfPresent(Int.self, forKey: .backOffMilliseconds) ?? defaults.backOffMilliseconds
        addedLatencyMilliseconds = try container.decodeIfPresent(Int.self, forKey: .addedLatencyMilliseconds) ?? 0
        serviceUnavailableRate = try container.decodeIfPresent(Double.self, forKey: .serviceUnavailableRate) ?? 0
        droppedConnectionRate = try container.decodeIfPresent(Double.self, forKey: .droppedConnectionRate) ?? 0
        scriptedFaults = try container.decodeIfPresent([ScriptedFault].self, forKey: .scriptedFaults) ?? []
        tokenEndpointOutage = try container.decodeIfPresent(Bool.self, forKey: .tokenEndpointOutage) ?? false
        randomSeed = try container.decodeIfPresent(UInt64.self, forKey: .randomSeed) ?? 1
        graphMaxConcurrentRequestsPerMailbox =
            try container.decodeIfPresent(Int.self, forKey: .graphMaxConcurrentRequestsPerMailbox) ?? defaults.graphMaxConcurrentRequestsPerMailbox
        graphRequestsPerTenMinutes = try container.decodeIfPresent(Int.self, forKey: .graphRequestsPerTenMinutes) ?? defaults.graphRequestsPerTenMinutes
        graphRetryAfterSeconds = try container.decodeIfPresent(Int.self, forKey: .graphRetryAfterSeconds) ?? defaults.graphRetryAfterSeconds
    }
}
