/// An environment's `"Email"` section: whether and how mail exchanged with CRM contacts is tracked
/// into the CRM (one way, Outlook to the CRM).
public struct EmailTrackingSettings: Sendable, Hashable {
    public var mode: EmailTrackingMode
    /// The category that tracks a message; `Sync:Category` when not given.
    public var category: String
    /// How far back the first sync of a mailbox reads, in days.
    public var lookbackDays: Int
    /// A tracked body is cut to this many UTF-8 bytes.
    public var maxBodyBytes: Int

    public static let defaultLookbackDays = 30
    public static let lookbackDaysRange = 1...3_650
    public static let defaultMaxBodyBytes = 65_536
    /// 0 keeps no body at all; 4 MiB is above what the CRM should hold for one message.
    public static let maxBodyBytesRange = 0...4_194_304
    public static let off = EmailTrackingSettings(mode: .off)

    /// Whether the environment's mail is read at all (Graph then needs `Mail.Read`).
    public var readsMail: Bool { mode != .off }

    public init(
        mode: EmailTrackingMode, category: String = SyncPolicy.defaultCategory, lookbackDays: Int = defaultLookbackDays,
        maxBodyBytes: Int = defaultMaxBodyBytes
    ) {
        self.mode = mode
        self.category = category
        self.lookbackDays = lookbackDays
        self.maxBodyBytes = maxBodyBytes
    }
}
