/// Why a message is tracked, kept on the plan so that an operator can tell.
public enum EmailTrackingReason: String, Sendable, Hashable, Codable {
    /// The sender or a recipient matched a CRM contact (`crmContacts`).
    case matchedContact
    /// The user tagged it with the environment's category.
    case category
    /// It replies to, or shares the conversation of, a tracked message (`repliesToTracked`).
    case replyInTrackedThread
}
