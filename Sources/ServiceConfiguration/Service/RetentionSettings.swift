/// How long the store keeps what only grows (`PrextraSync:Retention`). Live data (records,
/// links, cursors, pending intents, failed items) is never pruned.
public struct RetentionSettings: Sendable, Hashable {
    /// Runs, decisions, conflicts, resolved intents and delivered webhooks.
    public var historyDays: Int
    /// Change-feed entries, once no reader needs them (see `HistoryRetentionStore.pruneFeeds`).
    public var feedDays: Int
    /// Deleted records' tombstones, once every mailbox has read the delete.
    public var tombstoneDays: Int

    public init(historyDays: Int = 30, feedDays: Int = 30, tombstoneDays: Int = 30) {
        self.historyDays = historyDays
        self.feedDays = feedDays
        self.tombstoneDays = tombstoneDays
    }

    public static let `default` = RetentionSettings()
}
