/// A mailbox in the tenant's Exchange organization.
public struct MailboxSeed: Codable, Sendable, Hashable {
    public var primarySmtpAddress: String
    public var displayName: String
    /// The mailbox's Windows time zone id, e.g. "Romance Standard Time".
    public var timeZone: String

    public init(primarySmtpAddress: String, displayName: String, timeZone: String = "UTC") {
        self.primarySmtpAddress = primarySmtpAddress
        self.displayName = displayName
        self.timeZone = timeZone
    }
}
