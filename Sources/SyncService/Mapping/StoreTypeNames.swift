// The store and the engine both name a type `CRMRecord`, `Decision` and `Conflict`: the store's
// are what it persists (with environment, version, log wording), the engine's what it reasons on.
// Scoped imports pick the store's here, so that the rest of the module can say which it means.
import struct SyncStore.CRMRecord
import struct SyncStore.Conflict
import struct SyncStore.Decision

/// A CRM record as the store holds it (with its version and tombstone).
typealias StoredRecord = CRMRecord
/// A decision as the decision log keeps it.
typealias LoggedDecision = Decision
/// A conflict as the conflict log keeps it.
typealias LoggedConflict = Conflict
