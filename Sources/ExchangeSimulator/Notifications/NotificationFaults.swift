import Synchronization

/// Notifications the control API makes the simulator lose or hold back, for both APIs (Graph
/// change notifications, EWS streaming events): tests prove that polling catches what
/// notifications miss, and measure a slow notification path.
public final class NotificationFaults: Sendable {
    public struct Settings: Sendable, Hashable, Codable {
        /// Swallow every notification instead of sending it.
        public var drop: Bool
        /// Hold each notification back this long before sending it.
        public var delayMilliseconds: Int

        public init(drop: Bool = false, delayMilliseconds: Int = 0) {
            self.drop = drop
            self.delayMilliseconds = delayMilliseconds
        }

        public var delay: Duration { .milliseconds(delayMilliseconds) }
    }

    private let settings = Mutex(Settings())

    public init() {}

    public var current: Settings { settings.withLock { $0 } }

    public func update(_ new: Settings) { settings.withLock { $0 = new } }
}
