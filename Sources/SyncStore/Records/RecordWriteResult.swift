/// The outcome of an upsert or a delete of a CRM record.
public struct RecordWriteResult: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The record did not exist, or was a tombstone.
        case created
        case updated
        case deleted
        /// The write changed nothing (same content, or deleting a tombstone): same version, no feed entry.
        case unchanged
    }

    public var version: RecordVersion
    public var outcome: Outcome
    /// The CRM feed entry the write appended, `nil` when unchanged.
    public var feedPosition: FeedPosition?

    public init(version: RecordVersion, outcome: Outcome, feedPosition: FeedPosition?) {
        self.version = version
        self.outcome = outcome
        self.feedPosition = feedPosition
    }
}
