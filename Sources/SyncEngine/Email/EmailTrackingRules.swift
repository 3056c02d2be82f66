/// An environment's e-mail tracking settings, as the planner needs them.
public struct EmailTrackingRules: Sendable, Hashable, Codable {
    public var mode: EmailTrackingMode
    /// The category a user gives a message to track it (modes `category` and `repliesToTracked`,
    /// and an explicit opt-in in `crmContacts`). Compared without regard to case, as Outlook does.
    public var category: String
    /// The body is cut to this many UTF-8 bytes, on a character boundary.
    public var maxBodyBytes: Int
    /// At most this many To and as many Cc recipients are kept on the record; all of them are matched.
    public var maxRecipientsKept: Int
    /// A subject longer than this many characters is cut.
    public var maxSubjectCharacters: Int

    public static let defaultCategory = "Prextra"
    public static let defaultMaxBodyBytes = 65_536
    public static let defaultMaxRecipientsKept = 500
    public static let defaultMaxSubjectCharacters = 1_000
    public static let off = EmailTrackingRules(mode: .off)

    public init(
        mode: EmailTrackingMode, category: String = defaultCategory, maxBodyBytes: Int = defaultMaxBodyBytes,
        maxRecipientsKept: Int = defaultMaxRecipientsKept, maxSubjectCharacters: Int = defaultMaxSubjectCharacters
    ) {
        self.mode = mode
        self.category = category
        self.maxBodyBytes = max(maxBodyBytes, 0)
        self.maxRecipientsKept = max(maxRecipientsKept, 1)
        self.maxSubjectCharacters = max(maxSubjectCharacters, 1)
    }
}
