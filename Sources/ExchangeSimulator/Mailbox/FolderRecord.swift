/// A mailbox folder.
public struct FolderRecord: Sendable, Hashable {
    public var id: String
    public var changeKey: String
    /// `calendar`, `inbox`, ... for distinguished folders.
    public var distinguishedName: String?
    public var parentId: String?
    public var displayName: String
    public var folderClass: String

    /// The EWS element for this folder class.
    var elementName: String {
        switch folderClass {
        case "IPF.Appointment": "CalendarFolder"
        case "IPF.Contact": "ContactsFolder"
        case "IPF.Task": "TasksFolder"
        default: "Folder"
        }
    }

    var schemaType: String {
        switch elementName {
        case "CalendarFolder": "CalendarFolderType"
        case "ContactsFolder": "ContactsFolderType"
        case "TasksFolder": "TasksFolderType"
        default: "FolderType"
        }
    }

    /// The item kind a folder of this class holds by default.
    var defaultItemKind: ItemKind {
        switch folderClass {
        case "IPF.Appointment": .calendarItem
        case "IPF.Contact": .contact
        case "IPF.Task": .task
        default: .message
        }
    }
}
