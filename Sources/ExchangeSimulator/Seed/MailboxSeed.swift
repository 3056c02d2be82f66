/// A mailbox in the tenant's Exchange organization.
public struct MailboxSeed: Codable, Sendable, Hashable {
    public var primarySmtpAddress: String
    public var displayName: String
    /// The mailbox's Windows time zone id, e.g. "Romance Standard Time".
    public var timeZone: String
    /// User folders created at start-up, besides the distinguished ones.
    public var folders: [FolderSeed]
    /// Items the mailbox starts with.
    public var items: [ItemSeed]
    /// False puts the mailbox where Graph answers `MailboxNotEnabledForRESTAPI` (an on-premises,
    /// inactive or unlicensed mailbox); EWS is not affected. Default true.
    public var restAPIEnabled: Bool

    public init(
        primarySmtpAddress: String, displayName: String, timeZone: String = "UTC", folders: [FolderSeed] = [],
        items: [ItemSeed] = [], restAPIEnabled: Bool = true
    ) {
        self.primarySmtpAddress = primarySmtpAddress
        self.displayName = displayName
        self.timeZone = timeZone
        self.folders = folders
        self.items = items
        self.restAPIEnabled = restAPIEnabled
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        primarySmtpAddress = try container.decode(String.self, forKey: .primarySmtpAddress)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName) ?? primarySmtpAddress
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? "UTC"
        folders = try container.decodeIfPresent([FolderSeed].self, forKey: .folders) ?? []
        items = try container.decodeIfPresent([ItemSeed].self, forKey: .items) ?? []
        restAPIEnabled = try container.decodeIfPresent(Bool.self, forKey: .restAPIEnabled) ?? true
    }
}

/// A user folder in a seeded mailbox.
public struct FolderSeed: Codable, Sendable, Hashable {
    public var displayName: String
    /// `IPF.Appointment`, `IPF.Contact`, `IPF.Task` or `IPF.Note`.
    public var folderClass: String
    /// The distinguished folder it sits under (`msgfolderroot` when absent).
    public var parent: String?

    public init(displayName: String, folderClass: String = "IPF.Note", parent: String? = nil) {
        self.displayName = displayName
        self.folderClass = folderClass
        self.parent = parent
    }
}

/// An item in a seeded mailbox, written as the EWS element a client would send in CreateItem,
/// e.g. `<t:CalendarItem xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">…`.
public struct ItemSeed: Codable, Sendable, Hashable {
    /// A distinguished folder name (`calendar`) or the display name of a seeded user folder.
    public var folder: String
    public var xml: String

    public init(folder: String, xml: String) {
        self.folder = folder
        self.xml = xml
    }
}
