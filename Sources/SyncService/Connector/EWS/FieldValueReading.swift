import Foundation
import SyncEngine

/// Reads the engine's `FieldValue`s as the typed values the EWS mappings write, failing with an
/// `EWSMappingError` that names the field.
struct FieldValueReading {
    let kind: EntityKind

    func failure(_ field: String, _ expected: String) -> EWSMappingError {
        EWSMappingError(kind: kind, field: field, problem: "expected \(expected)")
    }

    func text(_ value: FieldValue?, _ field: String) throws(EWSMappingError) -> String? {
        switch value?.normalized() {
        case nil: return nil
        case .text(let text)?: return text
        default: throw failure(field, "text")
        }
    }

    func integer(_ value: FieldValue?, _ field: String) throws(EWSMappingError) -> Int? {
        switch value {
        case nil: return nil
        case .integer(let number)?: return number
        default: throw failure(field, "an integer")
        }
    }

    func boolean(_ value: FieldValue?, _ field: String) throws(EWSMappingError) -> Bool? {
        switch value {
        case nil: return nil
        case .boolean(let flag)?: return flag
        default: throw failure(field, "a boolean")
        }
    }

    func instant(_ value: FieldValue?, _ field: String) throws(EWSMappingError) -> Date? {
        switch value {
        case nil: return nil
        case .instant(let date)?: return date
        default: throw failure(field, "an instant")
        }
    }

    func day(_ value: FieldValue?, _ field: String) throws(EWSMappingError) -> SyncEngine.LocalDate? {
        switch value {
        case nil: return nil
        case .day(let text)?:
            guard let day = SyncEngine.LocalDate(text) else { throw failure(field, "a day YYYY-MM-DD") }
            return day
        default: throw failure(field, "a day")
        }
    }

    func texts(_ value: FieldValue?, _ field: String) throws(EWSMappingError) -> [String] {
        switch value?.normalized() {
        case nil: return []
        case .list(let values)?:
            var result: [String] = []
            for value in values {
                guard case .text(let text) = value else { throw failure(field, "a list of text") }
                result.append(text)
            }
            return result
        default: throw failure(field, "a list of text")
        }
    }

    func map(_ value: FieldValue?, _ field: String) throws(EWSMappingError) -> [String: FieldValue]? {
        switch value?.normalized() {
        case nil: return nil
        case .map(let map)?: return map
        default: throw failure(field, "a map")
        }
    }
}

/// Calendar days as EWS instants: a date-only value travels as midnight UTC (what Exchange stores
/// for task dates) and is read back as the nearest UTC midnight, so that a client that wrote
/// midnight in its own zone (UTC-12 to UTC+14) still reads as the day it meant.
enum DayInstant {
    static func instant(_ day: SyncEngine.LocalDate) -> Date {
        Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400)
    }

    static func day(_ instant: Date) -> SyncEngine.LocalDate {
        SyncEngine.LocalDate(dayNumber: Int((instant.timeIntervalSince1970 / 86_400).rounded()))
    }
}
