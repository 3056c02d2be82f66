/// A write to perform in the mailbox.
public enum OutlookOperation: Codable, Sendable, Hashable {
    /// Create an item carrying `intent.tag` with `intent.fields`. Persist `intent` before performing it.
    case create(intent: PendingIntent, sendMeetingInvitations: Bool)
    /// Write only the fields in `patch` (and the tag when `tag` is set) on the item at version `item`.
    case update(item: ItemReference, patch: FieldPatch, tag: SyncTag?, sendMeetingInvitations: Bool)
    /// Delete the item (for a meeting, cancellations are sent only when `sendMeetingCancellations`).
    case delete(item: ItemReference, sendMeetingCancellations: Bool)
}
