/// A mailbox folder (`t:Folder`, `t:CalendarFolder`, `t:ContactsFolder`, `t:TasksFolder`...).
public struct Folder: Hashable, Sendable {
    public var id: FolderID?
    public var parentID: String?
    public var displayName: String?
    /// `IPF.Appointment`, `IPF.Contact`, `IPF.Task`, `IPF.Note`...
    public var folderClass: String?
    public var totalCount: Int?
    public var childFolderCount: Int?
    /// The element name (`CalendarFolder`...).
    public var elementName: String

    public init(
        id: FolderID? = nil, displayName: String? = nil, folderClass: String? = nil, elementName: String = "Folder"
    ) {
        self.id = id
        self.displayName = displayName
        self.folderClass = folderClass
        self.elementName = elementName
    }

    /// The folder id with its change key, when it has one.
    public var folderID: (id: String, changeKey: String?)? {
        if case .id(let id, let changeKey) = id { (id, changeKey) } else { nil }
    }
}
