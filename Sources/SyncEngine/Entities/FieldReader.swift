import Foundation

/// Typed, throwing access to the fields of a `FieldSet` (or of a `map` value) for the models.
struct FieldReader {
    let kind: EntityKind
    let values: [String: FieldValue]
    let path: String

    init(kind: EntityKind, fields: FieldSet) {
        self.kind = kind
        self.values = fields.normalized().values
        self.path = ""
    }

    init(kind: EntityKind, map: [String: FieldValue], path: String) {
        self.kind = kind
        self.values = map
        self.path = path
    }

    func failure(_ field: String, _ expected: String) -> FieldSetDecodingError {
        FieldSetDecodingError(kind: kind, field: path + field, expected: expected, found: values[field])
    }

    func text(_ field: String) throws(FieldSetDecodingError) -> String? {
        switch values[field] {
        case nil: return nil
        case .text(let text)?: return text
        default: throw failure(field, "text")
        }
    }

    func integer(_ field: String) throws(FieldSetDecodingError) -> Int? {
        switch values[field] {
        case nil: return nil
        case .integer(let value)?: return value
        default: throw failure(field, "integer")
        }
    }

    func boolean(_ field: String) throws(FieldSetDecodingError) -> Bool? {
        switch values[field] {
        case nil: return nil
        case .boolean(let value)?: return value
        default: throw failure(field, "boolean")
        }
    }

    func instant(_ field: String) throws(FieldSetDecodingError) -> Date? {
        switch values[field] {
        case nil: return nil
        case .instant(let value)?: return value
        default: throw failure(field, "instant")
        }
    }

    func day(_ field: String) throws(FieldSetDecodingError) -> LocalDate? {
        switch values[field] {
        case nil: return nil
        case .day(let text)?:
            guard let day = LocalDate(text) else { throw failure(field, "day YYYY-MM-DD") }
            return day
        default: throw failure(field, "day")
        }
    }

    func list(_ field: String) throws(FieldSetDecodingError) -> [FieldValue] {
        switch values[field] {
        case nil: return []
        case .list(let values)?: return values
        default: throw failure(field, "list")
        }
    }

    func texts(_ field: String) throws(FieldSetDecodingError) -> [String] {
        var result: [String] = []
        for value in try list(field) {
            guard case .text(let text) = value else { throw failure(field, "list of text") }
            result.append(text)
        }
        return result
    }

    func map(_ field: String) throws(FieldSetDecodingError) -> FieldReader? {
        switch values[field] {
        case nil: return nil
        case .map(let map)?: return FieldReader(kind: kind, map: map, path: path + field + ".")
        default: throw failure(field, "map")
        }
    }

    func maps(_ field: String) throws(FieldSetDecodingError) -> [FieldReader] {
        var result: [FieldReader] = []
        for (index, value) in try list(field).enumerated() {
            guard case .map(let map) = value else { throw failure(field, "list of maps") }
            result.append(FieldReader(kind: kind, map: map, path: path + field + "[\(index)]."))
        }
        return result
    }

    func enumeration<E: RawRepresentable>(_ field: String, _ type: E.Type) throws(FieldSetDecodingError) -> E?
    where E.RawValue == String {
        guard let raw = try text(field) else { return nil }
        guard let value = E(rawValue: raw) else { throw failure(field, "one of the \(E.self) values") }
        return value
    }

    func timeZone(_ field: String) throws(FieldSetDecodingError) -> String? {
        guard let id = try text(field) else { return nil }
        guard TimeZone(identifier: id) != nil else { throw failure(field, "an IANA time zone id") }
        return id
    }
}

/// Builds a normalised `[String: FieldValue]`, leaving out empty values.
struct FieldWriter {
    var values: [String: FieldValue] = [:]

    mutating func set(_ field: String, _ value: FieldValue?) {
        values[field] = value?.normalized()
    }

    mutating func set(_ field: String, text: String?) { set(field, text.map(FieldValue.text)) }
    mutating func set(_ field: String, integer: Int?) { set(field, integer.map(FieldValue.integer)) }
    mutating func set(_ field: String, instant: Date?) { set(field, instant.map(FieldValue.instant)) }
    mutating func set(_ field: String, day: LocalDate?) { set(field, day.map { .day($0.description) }) }

    var fieldSet: FieldSet { FieldSet(values) }
    var map: FieldValue? { FieldValue.map(values).normalized() }
}

/// Text normalisation shared by the models.
enum TextNormalization {
    static func trimmed(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// E-mail addresses compare case-insensitively, so they are stored in lower case.
    static func email(_ text: String?) -> String? { trimmed(text)?.lowercased() }

    /// Categories: trimmed, duplicates removed case-insensitively (first spelling kept), sorted.
    static func categories(_ names: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for name in names.compactMap(trimmed) where seen.insert(name.lowercased()).inserted { result.append(name) }
        return result.sorted { $0.lowercased() < $1.lowercased() }
    }

    /// An instant at whole-second precision.
    static func instant(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }
}
