import Foundation

/// A path below `/users/{id}` the Graph side serves, with the roles that may use it.
enum GraphRoute: Equatable {
    case user
    case translateExchangeIds
    case calendar
    case calendars
    /// `events`, or `calendars/{id}/events` (calendar id given).
    case events(calendarId: String?)
    case event(id: String)
    case instances(eventId: String)
    case calendarView(calendarId: String?)
    case calendarViewDelta
    case contacts(folderId: String?)
    case contact(id: String)
    case contactsDelta(folderId: String?)
    case contactFolders
    case contactFolder(id: String)
    case todoLists
    case todoList(id: String)
    case todoTasks(listId: String)
    case todoTask(listId: String, id: String)
    case todoTasksDelta(listId: String)
    case linkedResources(listId: String, taskId: String)
    /// `mailFolders/{id}/messages/delta` (a well-known name such as `inbox`, or a folder id).
    case messagesDelta(folder: String)
    case sendMail
    /// `messages/{id}/attachments`, or `mailFolders/{folder}/messages/{id}/attachments`.
    case messageAttachments(messageId: String)

    static func isDelta(_ segment: String) -> Bool { segment == "delta" || segment == "delta()" }

    init(segments: [String], method: String) throws(GraphError) {
        let s = segments
        // An id that held a raw '/' arrives as extra segments: Graph answers ErrorInvalidIdMalformed.
        func idFollowedByJunk() -> GraphError { GraphError.malformedId }
        switch s.count {
        case 0: self = .user
        default:
            switch s[0] {
            case "translateExchangeIds" where s.count == 1: self = .translateExchangeIds
            case "calendar" where s.count == 1: self = .calendar
            case "calendar" where s.count == 2 && s[1] == "events": self = .events(calendarId: nil)
            case "calendar" where s.count == 2 && s[1] == "calendarView": self = .calendarView(calendarId: nil)
            case "calendars" where s.count == 1: self = .calendars
            case "calendars" where s.count == 3 && s[2] == "events": self = .events(calendarId: s[1])
            case "calendars" where s.count == 3 && s[2] == "calendarView": self = .calendarView(calendarId: s[1])
            case "events":
                switch s.count {
                case 1: self = .events(calendarId: nil)
                case 2: self = .event(id: s[1])
                case 3 where s[2] == "instances": self = .instances(eventId: s[1])
                default: throw idFollowedByJunk()
                }
            case "calendarView":
                switch s.count {
                case 1: self = .calendarView(calendarId: nil)
                case 2 where Self.isDelta(s[1]): self = .calendarViewDelta
                default: throw GraphError.resourceNotFound(s[1])
                }
            case "contacts":
                switch s.count {
                case 1: self = .contacts(folderId: nil)
                case 2 where Self.isDelta(s[1]): self = .contactsDelta(folderId: nil)
                case 2: self = .contact(id: s[1])
                default: throw idFollowedByJunk()
                }
            case "contactFolders":
                switch s.count {
                case 1: self = .contactFolders
                case 2: self = .contactFolder(id: s[1])
                case 3 where s[2] == "contacts": self = .contacts(folderId: s[1])
                case 4 where s[2] == "contacts" && Self.isDelta(s[3]): self = .contactsDelta(folderId: s[1])
                case 4 where s[2] == "contacts": self = .contact(id: s[3])
                default: throw idFollowedByJunk()
                }
            case "todo" where s.count >= 2 && s[1] == "lists":
                switch s.count {
                case 2: self = .todoLists
                case 3: self = .todoList(id: s[2])
                case 4 where s[3] == "tasks": self = .todoTasks(listId: s[2])
                case 5 where s[3] == "tasks" && Self.isDelta(s[4]): self = .todoTasksDelta(listId: s[2])
                case 5 where s[3] == "tasks": self = .todoTask(listId: s[2], id: s[4])
                case 6 where s[3] == "tasks" && s[5] == "linkedResources": self = .linkedResources(listId: s[2], taskId: s[4])
                default: throw idFollowedByJunk()
                }
            case "mailFolders" where s.count == 4 && s[2] == "messages" && Self.isDelta(s[3]): self = .messagesDelta(folder: s[1])
            case "sendMail" where s.count == 1: self = .sendMail
            case "messages" where s.count == 3 && s[2] == "attachments": self = .messageAttachments(messageId: s[1])
            case "mailFolders" where s.count == 5 && s[2] == "messages" && s[4] == "attachments": self = .messageAttachments(messageId: s[3])
            default:
                throw GraphError.resourceNotFound(s[0])
            }
        }
        _ = method
    }

    /// Application roles that allow this route (any one of them).
    var acceptedRoles: Set<String> {
        switch self {
        case .user: ["User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All", "Directory.Read.All"]
        case .translateExchangeIds: ["User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All"]
        case .calendar, .calendars, .events, .event, .instances, .calendarView, .calendarViewDelta:
            ["Calendars.ReadWrite", "Calendars.Read", "Calendars.ReadBasic"]
        case .contacts, .contact, .contactsDelta, .contactFolders, .contactFolder: ["Contacts.ReadWrite", "Contacts.Read"]
        case .todoLists, .todoList, .todoTasks, .todoTask, .todoTasksDelta, .linkedResources: ["Tasks.ReadWrite.All", "Tasks.Read.All"]
        // Mail.ReadBasic.All gives no attachments, as on Graph.
        case .messagesDelta, .messageAttachments: ["Mail.Read", "Mail.ReadWrite"]
        case .sendMail: ["Mail.Send"]
        }
    }

    /// Roles that allow writing (a read-only role gets 403 on POST, PATCH and DELETE).
    var writeRoles: Set<String> {
        switch self {
        case .calendar, .calendars, .events, .event, .instances, .calendarView, .calendarViewDelta: ["Calendars.ReadWrite"]
        case .contacts, .contact, .contactsDelta, .contactFolders, .contactFolder: ["Contacts.ReadWrite"]
        case .todoLists, .todoList, .todoTasks, .todoTask, .todoTasksDelta, .linkedResources: ["Tasks.ReadWrite.All"]
        case .messagesDelta, .messageAttachments: ["Mail.ReadWrite"]
        case .sendMail: ["Mail.Send"]
        case .user, .translateExchangeIds: acceptedRoles
        }
    }

    /// Whether the route reads or writes the mailbox (application access policies and the
    /// REST state apply); reading the user object does not.
    var touchesMailbox: Bool { self != .user }
}
