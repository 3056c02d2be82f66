import Foundation
import SyncEngine
import SyncStore

/// A logged decision: what a cycle did to an item or a record, and why.
struct DecisionRepresentation: Encodable {
    var id: Int64
    var runId: Int64?
    var decidedAt: Date
    var mailbox: String?
    var entity: String
    var recordId: String
    var itemId: String?
    var action: String
    var target: String
    var fields: [String]
    var reason: String

    init(_ entry: DecisionEntry) {
        id = entry.id
        runId = entry.runID?.rawValue
        decidedAt = entry.decidedAt
        mailbox = entry.decision.mailbox?.rawValue
        entity = entry.decision.record.entity.rawValue
        recordId = entry.decision.record.id.rawValue
        itemId = entry.decision.itemID
        action = entry.decision.action.rawValue
        target = entry.decision.target.rawValue
        fields = entry.decision.fields
        reason = entry.decision.reason
    }

    enum CodingKeys: String, CodingKey {
        case id, runId, decidedAt, mailbox, entity, recordId, itemId, action, target, fields, reason
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(runId, forKey: .runId)
        try container.encode(decidedAt, forKey: .decidedAt)
        try container.encode(mailbox, forKey: .mailbox)
        try container.encode(entity, forKey: .entity)
        try container.encode(recordId, forKey: .recordId)
        try container.encode(itemId, forKey: .itemId)
        try container.encode(action, forKey: .action)
        try container.encode(target, forKey: .target)
        try container.encode(fields, forKey: .fields)
        try container.encode(reason, forKey: .reason)
    }
}

/// A recorded conflict: fields changed on both sides, and which side the policy kept.
struct ConflictRepresentation: Encodable {
    struct Field: Encodable {
        var name: String
        var base: JSONValue
        var crm: JSONValue
        var outlook: JSONValue
    }

    var id: Int64
    var runId: Int64?
    var detectedAt: Date
    var mailbox: String
    var entity: String
    var recordId: String
    var itemId: String?
    var policy: String
    var winner: String
    var fields: [Field]

    init(_ entry: ConflictEntry) {
        id = entry.id
        runId = entry.runID?.rawValue
        detectedAt = entry.detectedAt
        mailbox = entry.conflict.mailbox.rawValue
        entity = entry.conflict.record.entity.rawValue
        recordId = entry.conflict.record.id.rawValue
        itemId = entry.conflict.itemID
        policy = entry.conflict.policy
        winner = entry.conflict.winner.rawValue
        fields = entry.conflict.fields.map { field in
            Field(
                name: field.name, base: field.base.map(FieldValueJSON.json) ?? .null,
                crm: field.crm.map(FieldValueJSON.json) ?? .null, outlook: field.outlook.map(FieldValueJSON.json) ?? .null)
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, runId, detectedAt, mailbox, entity, recordId, itemId, policy, winner, fields
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(runId, forKey: .runId)
        try container.encode(detectedAt, forKey: .detectedAt)
        try container.encode(mailbox, forKey: .mailbox)
        try container.encode(entity, forKey: .entity)
        try container.encode(recordId, forKey: .recordId)
        try container.encode(itemId, forKey: .itemId)
        try container.encode(policy, forKey: .policy)
        try container.encode(winner, forKey: .winner)
        try container.encode(fields, forKey: .fields)
    }
}

struct DecisionPageRepresentation: Encodable {
    var environment: String
    var decisions: [DecisionRepresentation]
    /// Pass as `before` for the next (older) page; null when this page is the last.
    var next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(environment, forKey: .environment)
        try container.encode(decisions, forKey: .decisions)
        try container.encode(next, forKey: .next)
    }

    enum CodingKeys: String, CodingKey { case environment, decisions, next }
}

struct ConflictPageRepresentation: Encodable {
    var environment: String
    var conflicts: [ConflictRepresentation]
    var next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(environment, forKey: .environment)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode(next, forKey: .next)
    }

    enum CodingKeys: String, CodingKey { case environment, conflicts, next }
}
