import Foundation
import SyncEngine
import SyncStore

/// A tracked e-mail in the e-mail feed (`TrackedEmail` in the OpenAPI document).
struct TrackedEmailRepresentation: Encodable {
    var id: String
    var internetMessageId: String
    var change: String
    var version: Int
    var position: String
    var mailboxes: [String]
    var fields: [String: JSONValue]
    var updatedAt: Date

    init(_ email: StoredEmail) {
        id = email.recordID.rawValue
        internetMessageId = email.internetMessageID
        change = email.isCreation ? "created" : "updated"
        version = email.version
        position = String(email.position)
        mailboxes = email.mailboxes.map(\.rawValue)
        fields = FieldValueJSON.json(email.fields)
        updatedAt = email.updatedAt
    }
}

/// A page of the e-mail feed (`TrackedEmailPage`).
struct TrackedEmailPageRepresentation: Encodable {
    var environment: String
    var emails: [TrackedEmailRepresentation]
    var next: String
    var hasMore: Bool
}
