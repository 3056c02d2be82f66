import Synchronization

/// Faults for change notifications, whatever protocol carries them (EWS streaming events today;
/// Graph change notifications are meant to honour the same object): swallow them, or hold them
/// back. Tests use it to prove that a lost or late notification only delays a change, because
/// the sync still reads through its cursors.
///
/// Read when a change is queued for delivery: a change swallowed while `drop` is on never comes
/// back, and a change queued with a delay keeps it even if the delay is changed afterwards.
public final class NotificationFaults: Sendable {
    /// The knobs, as the control API reads and writes them (`/control/notifications`).
    public struct Settings: Codable, Sendable, Hashable {
        /// Swallow every notification instead of delivering it.
        public var drop: Bool
        /// Added before each notification is delivered, in milliseconds (0: none).
        public var delayMilliseconds: Int

        public init(drop: Bool = false, delayMilliseconds: Int = 0) {
            self.drop = drop
            self.delayMilliseconds = max(0, delayMilliseconds)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let delay = try container.decodeIfPresent(Int.self, forKey: .delayMilliseconds) ?? 0
            guard delay >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .delayMilliseconds, in: container, debugDescription: "delayMilliseconds must not be negative.")
            }
            self.init(drop: try container.decodeIfPresent(Bool.self, forKey: .drop) ?? false, delayMilliseconds: delay)
        }

        /// The delay as a duration.
        public var delay: Duration { .milliseconds(delayMilliseconds) }
    }

    private let state = Mutex(Settings())

    public init() {}

    /// The current knobs.
    public var settings: Settings { state.withLock { $0 } }

    /// Replaces every knob at once.
    public func update(_ settings: Settings) { state.withLock { $0 = settings } }

    /// Swallow notifications instead of delivering them.
    public var drop: Bool {
        get { state.withLock { $0.drop } }
        set { state.withLock { $0.drop = newValue } }
    }

    /// Added before each notification is delivered (rounded to milliseconds).
    public var delay: Duration {
        get { state.withLock { $0.delay } }
        set {
            let (seconds, attoseconds) = newValue.components
            let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
            state.withLock { $0.delayMilliseconds = max(0, milliseconds) }
        }
    }

    /// Back to delivering everything at once.
    public func reset() { update(Settings()) }
}
