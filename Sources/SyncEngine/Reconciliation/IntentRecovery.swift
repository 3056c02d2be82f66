/// Crash recovery for creates: the pending intents of a mailbox and kind, with the items the caller
/// found by searching their tags.
public struct IntentRecovery: Codable, Sendable, Hashable {
    public var pending: [PendingIntent]
    /// Items found in the mailbox carrying the tag of a pending intent.
    public var found: [OutlookItem]

    public init(pending: [PendingIntent] = [], found: [OutlookItem] = []) {
        self.pending = pending
        self.found = found
    }

    public static let none = IntentRecovery()

    /// A pending intent whose item was found: link it, never create it again.
    public struct Recovered: Codable, Sendable, Hashable {
        public var intent: PendingIntent
        public var item: OutlookItem
    }

    /// Which intents to link to the item found, and which to retry (nothing carries their tag).
    public struct Resolution: Codable, Sendable, Hashable {
        public var toLink: [Recovered]
        public var toRetry: [PendingIntent]
    }

    /// Pairs each intent with the item carrying its tag. When several items carry the same tag the
    /// one with the smallest id is linked (deterministic); the others are left to the planner, which
    /// treats them as items the user created (a copy of a tagged item carries the tag too).
    public func resolve() -> Resolution {
        var byTag: [SyncTag: OutlookItem] = [:]
        for item in found.sorted(by: { $0.id < $1.id }) {
            guard let tag = item.tag, byTag[tag] == nil else { continue }
            byTag[tag] = item
        }
        var toLink: [Recovered] = []
        var toRetry: [PendingIntent] = []
        var seen = Set<String>()
        for intent in pending.sorted(by: { $0.id < $1.id }) where seen.insert(intent.id).inserted {
            if let item = byTag[intent.tag] {
                toLink.append(Recovered(intent: intent, item: item))
            } else {
                toRetry.append(intent)
            }
        }
        return Resolution(toLink: toLink, toRetry: toRetry)
    }
}
