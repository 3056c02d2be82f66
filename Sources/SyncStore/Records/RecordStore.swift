import Foundation
import SyncEngine

/// CRM records as the ERP pushes them, with optimistic concurrency.
public protocol RecordStore: Sendable {
    /// Creates or replaces a record's fields and owners.
    ///
    /// - Parameter ifMatch: when given, the write happens only if the record's current version
    ///   is this one; otherwise it throws ``SyncStoreError/preconditionFailed(environment:record:expected:actual:)``,
    ///   even when the content is the same: a writer that read an older version and computed
    ///   the same result did not see the change in between (a read-modify-write would be lost).
    /// - Returns: the new version; a changed record also gets an entry in the CRM change feed.
    ///   Writing the current content again is `.unchanged`: same version, no feed entry.
    @discardableResult
    func upsertRecord(
        environment: String, record: RecordKey, fields: FieldSet, owners: Set<MailboxAddress>, ifMatch: RecordVersion?
    ) async throws -> RecordWriteResult

    /// Turns a record into a tombstone. Deleting a tombstone is `.unchanged`; deleting a
    /// record that never existed throws ``SyncStoreError/recordNotFound(environment:record:)``.
    @discardableResult
    func deleteRecord(environment: String, record: RecordKey, ifMatch: RecordVersion?) async throws
        -> RecordWriteResult

    /// The record, tombstones included.
    func record(environment: String, key: RecordKey) async throws -> CRMRecord?

    /// The live (not deleted) records a mailbox owns, in key order, optionally of one entity.
    func records(environment: String, ownedBy mailbox: MailboxAddress, entity: EntityKind?) async throws -> [CRMRecord]

    /// Removes tombstones last changed before `date`. Returns how many went.
    @discardableResult
    func purgeTombstones(environment: String, before date: Date) async throws -> Int
}
