/// A write to perform on the CRM side. Creates are upserts keyed by record id, so a replay is harmless.
public enum CRMOperation: Codable, Sendable, Hashable {
    /// Create (or overwrite) the record `id` owned by `owner`.
    case create(id: RecordID, fields: FieldSet, owner: MailboxAddress)
    /// Write only the fields in `patch`.
    case update(id: RecordID, patch: FieldPatch)
    case delete(id: RecordID)
}
