import Foundation
import SyncEngine

/// Writes engine values as the API's JSON: instants as RFC 3339 strings, days as `YYYY-MM-DD`.
enum FieldValueJSON {
    static func json(_ value: FieldValue) -> JSONValue {
        switch value {
        case .text(let text): .string(text)
        case .integer(let number): .integer(number)
        case .boolean(let flag): .bool(flag)
        case .instant(let date): .string(APIJSON.string(from: date))
        case .day(let day): .string(day)
        case .list(let values): .array(values.map(json))
        case .map(let members): .object(members.mapValues(json))
        }
    }

    static func json(_ fields: FieldSet) -> [String: JSONValue] {
        fields.values.mapValues(json)
    }
}
