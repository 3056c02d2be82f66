/// An item of any type this client models.
public enum Item: Hashable, Sendable {
    case calendarItem(CalendarItem)
    case contact(Contact)
    case task(TaskItem)
    case message(Message)
    /// An item type the client does not model (`PostItem`, `DistributionList`...), by element name.
    case other(elementName: String, properties: ItemProperties)

    public var properties: ItemProperties {
        switch self {
        case .calendarItem(let item): item.properties
        case .contact(let item): item.properties
        case .task(let item): item.properties
        case .message(let item): item.properties
        case .other(_, let properties): properties
        }
    }

    public var id: ItemID? { properties.id }

    public var calendarItem: CalendarItem? { if case .calendarItem(let item) = self { item } else { nil } }
    public var contact: Contact? { if case .contact(let item) = self { item } else { nil } }
    public var task: TaskItem? { if case .task(let item) = self { item } else { nil } }
    public var message: Message? { if case .message(let item) = self { item } else { nil } }
}
