import Foundation

/// An item as the simulated mailbox stores it: its EWS properties as element trees.
public struct StoredItem: Sendable, Hashable {
    public var id: String
    public var changeKey: String
    public var version: Int
    public var kind: ItemKind
    public var folderId: String
    /// The item's settable properties (types-namespace elements, one per name), in any order.
    public var properties: [XMLElementNode]
    public var extendedProperties: [ExtendedPropertyKey: XMLElementNode]
    public var created: Date
    public var lastModified: Date
    /// Calendar: exceptions of a recurring master, by original start.
    public var modifiedOccurrences: [Date: ModifiedOccurrence] = [:]
    public var deletedOccurrences: Set<Date> = []
    /// Minted once and kept across folder moves; Graph shows it under `Prefer: IdType="ImmutableId"`.
    public var immutableId: String = Identifiers.newImmutableId()
    /// A Graph event create's `transactionId`, with the canonical JSON of the body that created it.
    public var transactionId: String?
    /// A To Do task's linked resources (Graph only).
    public var linkedResources: [LinkedResource] = []
    /// File attachments (messages), in the order they were attached.
    public var attachments: [StoredAttachment] = []
    var transactionPayload: String?

    public struct ModifiedOccurrence: Sendable, Hashable {
        public var itemId: String
        public var changeKey: String
        /// Property overrides for the exception (Start, End, Subject, ...).
        public var properties: [XMLElementNode]
    }

    public func property(_ name: String) -> XMLElementNode? {
        properties.first { $0.name == name }
    }

    public mutating func setProperty(_ element: XMLElementNode) {
        if let index = properties.firstIndex(where: { $0.name == element.name }) {
            properties[index] = element
        } else {
            properties.append(element)
        }
    }

    public mutating func removeProperty(_ name: String) {
        properties.removeAll { $0.name == name }
    }

    public var subject: String? { property("Subject")?.text }
    public var isRecurringMaster: Bool { kind == .calendarItem && property("Recurrence") != nil }

    /// Records a modification: new ChangeKey and LastModifiedTime.
    mutating func touch(at now: Date) {
        version += 1
        changeKey = Identifiers.newChangeKey(version: version)
        lastModified = now
    }
}
