import Foundation
import SyncEngine
import SyncStore

/// An entry of the Outlook change feed as the ERP reads it (and as webhooks carry it).
struct ChangeRepresentation: Encodable {
    var position: String
    var entity: String
    var id: String
    var operation: String
    var fields: [String: JSONValue]
    var clearedFields: [String]
    var mailbox: String
    var itemId: String?
    var version: Int64
    var occurredAt: Date
    var failure: Failure?

    /// Why a `failed` entry's record could not be written to the mailbox.
    struct Failure: Encodable {
        var code: String
        var message: String
        var remedy: String
        var failedItemId: Int64
    }

    init(_ change: OutlookChange) {
        position = String(change.position.rawValue)
        entity = change.kind.rawValue
        id = change.recordID.rawValue
        operation = change.operation.rawValue
        fields = FieldValueJSON.json(change.fields)
        clearedFields = change.clearedFields.sorted()
        mailbox = change.mailbox.rawValue
        itemId = change.itemID
        version = change.recordVersion.rawValue
        occurredAt = change.occurredAt
        failure = change.failure.map {
            Failure(code: $0.code, message: $0.message, remedy: $0.remedy, failedItemId: $0.failedItemID)
        }
    }

    enum CodingKeys: String, CodingKey {
        case position, entity, id, operation, fields, clearedFields, mailbox, itemId, version, occurredAt, failure
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(position, forKey: .position)
        try container.encode(entity, forKey: .entity)
        try container.encode(id, forKey: .id)
        try container.encode(operation, forKey: .operation)
        try container.encode(fields, forKey: .fields)
        try container.encode(clearedFields, forKey: .clearedFields)
        try container.encode(mailbox, forKey: .mailbox)
        try container.encode(itemId, forKey: .itemId)
        try container.encode(version, forKey: .version)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encodeIfPresent(failure, forKey: .failure)
    }
}

/// A page of the change feed.
struct ChangePageRepresentation: Encodable {
    var environment: String
    var changes: [ChangeRepresentation]
    /// The cursor to pass as `after` next time.
    var next: String
    var hasMore: Bool
}
