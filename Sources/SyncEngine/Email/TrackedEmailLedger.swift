/// What the planner needs to know of the e-mails already tracked in an environment: where each
/// was seen, and which threads they belong to.
public struct TrackedEmailLedger: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var mailboxes: Set<MailboxAddress>
        public var conversationID: String?

        public init(mailboxes: Set<MailboxAddress>, conversationID: String? = nil) {
            self.mailboxes = mailboxes
            self.conversationID = conversationID
        }
    }

    public private(set) var entries: [InternetMessageID: Entry]
    private var conversations: Set<String>

    public init(entries: [InternetMessageID: Entry] = [:]) {
        self.entries = entries
        conversations = Set(entries.values.compactMap(\.conversationID))
    }

    public func entry(for identifier: InternetMessageID) -> Entry? { entries[identifier] }

    /// True when the message replies to a tracked message, names one among its references, or
    /// shares a tracked conversation.
    public func isInTrackedThread(_ message: ObservedEmail) -> Bool {
        if let inReplyTo = message.inReplyTo, entries[inReplyTo] != nil { return true }
        if message.references.contains(where: { entries[$0] != nil }) { return true }
        if let conversation = message.conversationID, conversations.contains(conversation) { return true }
        return false
    }

    mutating func record(_ identifier: InternetMessageID, mailbox: MailboxAddress, conversationID: String?) {
        var entry = entries[identifier] ?? Entry(mailboxes: [], conversationID: conversationID)
        entry.mailboxes.insert(mailbox)
        if entry.conversationID == nil { entry.conversationID = conversationID }
        entries[identifier] = entry
        if let conversation = entry.conversationID { conversations.insert(conversation) }
    }
}
