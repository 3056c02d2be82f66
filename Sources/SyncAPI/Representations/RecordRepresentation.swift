import Foundation
import SyncStore

/// A record as the API returns it.
struct RecordRepresentation: Encodable {
    var environment: String
    var entity: String
    var id: String
    var version: Int64
    var fields: [String: JSONValue]
    var owners: [String]
    var updatedAt: Date

    init(_ record: CRMRecord) {
        environment = record.environment
        entity = record.key.entity.rawValue
        id = record.key.id.rawValue
        version = record.version.rawValue
        fields = FieldValueJSON.json(record.fields)
        owners = record.owners.map(\.rawValue).sorted()
        updatedAt = record.updatedAt
    }
}
