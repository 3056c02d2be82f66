/// A calendar (`calendar`): the mailbox's default one holds the events the sync reads.
public struct GraphCalendar: GraphModel {
    public static var graphTypeName: String { "calendar" }

    public var id: String?
    public var name: String?
    public var changeKey: String?
    public var canEdit: Bool?
    public var isDefaultCalendar: Bool?
    public var owner: EmailAddress?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case name
        case changeKey
        case canEdit
        case isDefaultCalendar
        case owner
    }
}
