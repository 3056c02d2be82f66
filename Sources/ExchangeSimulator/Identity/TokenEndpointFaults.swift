/// Failures the token endpoint injects on request, for fault tests and demos.
public struct TokenEndpointFaults: Sendable, Hashable {
    /// Every request answers 503 `temporarily_unavailable` while set.
    public var outage: Bool = false
    /// The next N requests answer 429 with `Retry-After`.
    public var throttleNext: Int = 0
    /// The next N requests answer 503 (a short blip rather than an outage).
    public var unavailableNext: Int = 0
    /// `Retry-After` seconds sent with 429 and 503 answers.
    public var retryAfterSeconds: Int = 2
    /// Restrict the faults to one tenant id; `nil` applies them to all.
    public var tenantId: String?

    public init(outage: Bool = false, throttleNext: Int = 0, unavailableNext: Int = 0,
                retryAfterSeconds: Int = 2, tenantId: String? = nil) {
        self.outage = outage
        self.throttleNext = throttleNext
        self.unavailableNext = unavailableNext
        self.retryAfterSeconds = retryAfterSeconds
        self.tenantId = tenantId
    }
}
