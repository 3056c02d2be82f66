/// What happens to the link of a plan step once its writes succeeded.
public enum LinkOutcome: Codable, Sendable, Hashable {
    case unchanged
    /// Store this link. When the step writes to Outlook, its item reference is replaced by the one
    /// the write returned (see `PlanStep.committedLink(outlookResult:)`).
    case upsert(Link)
    /// Forget the link of this record in this mailbox.
    case remove(RecordID)
}
