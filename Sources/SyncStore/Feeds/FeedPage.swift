/// A page of a change feed.
public struct FeedPage<Change: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// Entries in feed order.
    public var changes: [Change]
    /// Where to resume: the position of the last entry returned, or the requested position
    /// when the page is empty.
    public var next: FeedPosition
    /// Whether more entries follow `next` right now.
    public var hasMore: Bool

    public init(changes: [Change], next: FeedPosition, hasMore: Bool) {
        self.changes = changes
        self.next = next
        self.hasMore = hasMore
    }
}
