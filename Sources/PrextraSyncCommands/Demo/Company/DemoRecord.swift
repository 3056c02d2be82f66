import SyncEngine
import SyncStore

/// A CRM record of the demo company, as the ERP pushes it: fields, owners, and a short title
/// for the narrative.
struct DemoRecord: Sendable, Hashable {
    var key: RecordKey
    var fields: FieldSet
    var owners: Set<MailboxAddress>
    var title: String
}
