import Foundation

/// The properties every item type shares (`t:ItemType`).
public struct ItemProperties: Hashable, Sendable {
    /// Set on items read from or written to a mailbox; leave nil to create an item.
    public var id: ItemID?
    public var parentFolderID: String?
    public var itemClass: String?
    public var subject: String?
    public var body: ItemBody?
    public var categories: [String] = []
    public var importance: Importance?
    public var sensitivity: Sensitivity?
    public var reminderIsSet: Bool?
    public var reminderDueBy: Date?
    public var reminderMinutesBeforeStart: Int?
    public var extendedProperties: [ExtendedProperty] = []
    /// Read-only.
    public var dateTimeCreated: Date?
    /// Read-only.
    public var lastModifiedTime: Date?

    public init(
        id: ItemID? = nil, subject: String? = nil, body: ItemBody? = nil, categories: [String] = [],
        importance: Importance? = nil, extendedProperties: [ExtendedProperty] = []
    ) {
        self.id = id
        self.subject = subject
        self.body = body
        self.categories = categories
        self.importance = importance
        self.extendedProperties = extendedProperties
    }
}

public struct ItemBody: Hashable, Sendable {
    public enum BodyType: String, Hashable, Sendable {
        case text = "Text"
        case html = "HTML"
    }

    public var type: BodyType
    public var content: String

    public init(_ content: String, type: BodyType = .text) {
        self.type = type
        self.content = content
    }
}

public enum Importance: String, Hashable, Sendable {
    case low = "Low"
    case normal = "Normal"
    case high = "High"
}

public enum Sensitivity: String, Hashable, Sendable {
    case normal = "Normal"
    case personal = "Personal"
    case `private` = "Private"
    case confidential = "Confidential"
}

/// A person on a message or a meeting (`t:Mailbox`).
public struct EmailAddress: Hashable, Sendable {
    public var name: String?
    public var address: String?
    public var routingType: String?

    public init(name: String? = nil, address: String?, routingType: String? = "SMTP") {
        self.name = name
        self.address = address
        self.routingType = routingType
    }
}

/// A type that embeds the shared item properties (`subject`, `categories`... read through).
@dynamicMemberLookup
public protocol ItemPropertiesContainer {
    var properties: ItemProperties { get set }
}

extension ItemPropertiesContainer {
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ItemProperties, Value>) -> Value {
        get { properties[keyPath: keyPath] }
        set { properties[keyPath: keyPath] = newValue }
    }
}
