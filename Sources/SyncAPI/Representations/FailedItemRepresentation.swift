import Foundation
import SyncEngine
import SyncStore

/// An Outlook write the server refused: what, where, why, what to do, and where it stands.
public struct FailedItemRepresentation: Encodable, Sendable {
    public var id: Int64
    public var mailbox: String
    public var entity: String
    public var recordId: String
    public var itemId: String?
    public var operation: String
    public var code: String
    public var message: String
    public var remedy: String
    public var attempts: Int
    public var state: String
    public var firstFailedAt: Date
    public var lastFailedAt: Date

    public init(_ failure: FailedItem) {
        id = failure.id
        mailbox = failure.mailbox.rawValue
        entity = failure.record.entity.rawValue
        recordId = failure.record.id.rawValue
        itemId = failure.itemID
        operation = failure.operation
        code = failure.code
        message = failure.message
        remedy = failure.remedy
        attempts = failure.attempts
        state = failure.state.rawValue
        firstFailedAt = failure.firstFailedAt
        lastFailedAt = failure.lastFailedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, mailbox, entity, recordId, itemId, operation, code, message, remedy, attempts, state, firstFailedAt,
            lastFailedAt
    }

    /// `itemId` is written as `null` when there is no item (a refused create).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(mailbox, forKey: .mailbox)
        try container.encode(entity, forKey: .entity)
        try container.encode(recordId, forKey: .recordId)
        try container.encode(itemId, forKey: .itemId)
        try container.encode(operation, forKey: .operation)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(remedy, forKey: .remedy)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(state, forKey: .state)
        try container.encode(firstFailedAt, forKey: .firstFailedAt)
        try container.encode(lastFailedAt, forKey: .lastFailedAt)
    }
}

struct FailedItemListRepresentation: Encodable {
    var environment: String
    var failures: [FailedItemRepresentation]
}
