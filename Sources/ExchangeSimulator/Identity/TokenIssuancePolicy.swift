/// How long the simulated Entra ID makes its access tokens live.
public struct TokenIssuancePolicy: Sendable, Hashable {
    /// Lifetime in seconds, drawn at random from this range for each token; Entra uses 60–90 min.
    public var lifetime: ClosedRange<Int>
    /// `refresh_in` to send, in seconds; `nil` sends none (Entra sends it for long-lived tokens).
    public var refreshIn: Int?

    public init(lifetime: ClosedRange<Int> = 3600...5400, refreshIn: Int? = nil) {
        self.lifetime = lifetime
        self.refreshIn = refreshIn
    }
}
