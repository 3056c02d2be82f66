import Foundation

/// How a `SimulatorServer` runs.
public struct SimulatorConfiguration: Sendable {
    public var seed: SimulatorSeed
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Writes every EWS request and response body here when set (`--record DIR`).
    public var recordDirectory: URL?
    /// Checks every EWS response against the schema and turns an invalid one into a fault.
    public var validatesResponses: Bool
    /// Rejects impersonated requests whose `X-AnchorMailbox` does not name the impersonated
    /// mailbox. Microsoft says the header must be set with impersonation; what Exchange Online
    /// answers without it is not documented, so this strictness is a choice (on by default).
    public var requiresAnchorMailbox: Bool
    /// Keep-alive interval, subscription lifetime and the test-only `streamingMinute` of EWS
    /// streaming notifications.
    public var streamingNotifications: StreamingNotificationSettings

    public init(
        seed: SimulatorSeed, host: String = "127.0.0.1", port: Int = 0, recordDirectory: URL? = nil,
        validatesResponses: Bool = false, requiresAnchorMailbox: Bool = true,
        streamingNotifications: StreamingNotificationSettings = .init()
    ) {
        self.streamingNotifications = streamingNotifications
        self.seed = seed
        self.host = host
        self.port = port
        self.recordDirectory = recordDirectory
        self.validatesResponses = validatesResponses
        self.requiresAnchorMailbox = requiresAnchorMailbox
    }
}
