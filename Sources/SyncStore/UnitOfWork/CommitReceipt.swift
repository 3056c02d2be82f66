/// What a committed ``UnitOfWork`` produced.
public struct CommitReceipt: Sendable, Hashable {
    /// The version of each record an Outlook change was applied to.
    public var recordVersions: [RecordKey: RecordVersion] = [:]
    /// The Outlook feed entries appended, in order.
    public var outlookChanges: [FeedPosition] = []
    /// The CRM feed entries appended, in order.
    public var crmChanges: [FeedPosition] = []
    public var decisionIDs: [Int64] = []
    public var conflictIDs: [Int64] = []
    /// The refused writes recorded, as they stand after this commit (attempts, state).
    public var failedItems: [FailedItem] = []

    public init() {}
}
