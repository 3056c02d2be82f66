/// An item's identity in a mailbox, with the version (ChangeKey) it was read or written at.
public struct ItemID: Hashable, Sendable, CustomStringConvertible {
    public var id: String
    /// Changes on every modification; UpdateItem sends it so that the server detects conflicts.
    public var changeKey: String?

    public init(_ id: String, changeKey: String? = nil) {
        self.id = id
        self.changeKey = changeKey
    }

    public var description: String { "ItemID(\(id.suffix(12)))" }
}

/// A folder, by its id or by its well-known name in a mailbox.
public enum FolderID: Hashable, Sendable {
    case id(String, changeKey: String? = nil)
    /// A well-known folder (`calendar`, `contacts`, `tasks`, `inbox`, `msgfolderroot`...) of a
    /// mailbox; with no mailbox, the impersonated one.
    case distinguished(DistinguishedFolderName, mailbox: String? = nil)
}

/// The well-known folder names this client uses (`DistinguishedFolderIdNameType`).
public struct DistinguishedFolderName: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let calendar = Self(rawValue: "calendar")
    public static let contacts = Self(rawValue: "contacts")
    public static let tasks = Self(rawValue: "tasks")
    public static let inbox = Self(rawValue: "inbox")
    public static let sentItems = Self(rawValue: "sentitems")
    public static let deletedItems = Self(rawValue: "deleteditems")
    public static let messageFolderRoot = Self(rawValue: "msgfolderroot")
    public static let root = Self(rawValue: "root")
}
