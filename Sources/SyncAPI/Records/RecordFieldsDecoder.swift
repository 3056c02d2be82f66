import Foundation
import SyncEngine

/// Turns the `fields` object of a request into the engine's normalised `FieldSet`, checking
/// every member's shape, then the record type's own rules (an appointment needs a start, a
/// task's status is one of Exchange's). Problems name the field, e.g. `fields.recurrence.interval`.
enum RecordFieldsDecoder {
    /// The largest text value accepted, in characters (Exchange's own limits are lower for most fields).
    static let maxTextLength = 65_536
    static let maxListLength = 1_000

    static func decode(_ value: JSONValue, kind: EntityKind) throws(APIProblem) -> FieldSet {
        guard case .object(let members) = value else {
            throw .invalid("fields", "must be an object of field names and values, but is \(value.kindName).")
        }
        let shapes = RecordFieldSchema.fields(of: kind)
        var fields: [String: FieldValue] = [:]
        for (name, member) in members {
            guard let shape = shapes[name] else {
                throw .unprocessable(
                    "fields.\(name)", "is not a field of a \(kind.rawValue); the fields are listed in the API document.")
            }
            if let converted = try convert(member, shape: shape, path: "fields.\(name)") { fields[name] = converted }
        }
        let normalised = try normalise(FieldSet(fields), kind: kind)
        if kind == .appointment { try requireEndNotBeforeStart(normalised) }
        return normalised
    }

    /// Exchange refuses an appointment that ends before it starts
    /// (`ErrorCalendarEndDateIsEarlierThanStartDate`): the API says so now, naming the field,
    /// instead of accepting a record that no mailbox could ever hold. (An all-day appointment's
    /// end is normalised to at least the day after its start.)
    static func requireEndNotBeforeStart(_ fields: FieldSet) throws(APIProblem) {
        guard let appointment = try? AppointmentFields(fields: fields),
            case .timed(let start, _, let end, _) = appointment.timing, end < start
        else { return }
        throw .unprocessable(
            "fields.\(FieldName.end)", "must not be before fields.\(FieldName.start): an appointment cannot end before it starts.")
    }

    /// Reads the typed model and writes it back, so that the record is stored in the form both
    /// sides compare (trimmed text, lower-case e-mail addresses, sorted categories).
    static func normalise(_ fields: FieldSet, kind: EntityKind) throws(APIProblem) -> FieldSet {
        do {
            return try kind.normalizedFields(fields)
        } catch {
            throw .unprocessable("fields.\(error.field)", "must be \(error.expected).")
        }
    }

    private static func convert(_ value: JSONValue, shape: FieldShape, path: String) throws(APIProblem) -> FieldValue? {
        if case .null = value { return nil }
        func wrong(_ expected: String) -> APIProblem {
            .invalid(path, "must be \(expected), but is \(value.kindName).")
        }
        switch shape {
        case .text:
            guard case .string(let text) = value else { throw wrong("a string") }
            guard text.unicodeScalars.count <= maxTextLength else {
                throw .invalid(path, "is longer than \(maxTextLength) characters.")
            }
            return .text(text)
        case .integer:
            guard case .integer(let number) = value else { throw wrong("an integer") }
            return .integer(number)
        case .boolean:
            guard case .bool(let flag) = value else { throw wrong("a boolean") }
            return .boolean(flag)
        case .instant:
            guard case .string(let text) = value else { throw wrong("a date-time string") }
            guard let date = APIJSON.date(from: text) else {
                throw .invalid(path, "must be an RFC 3339 date-time such as 2026-03-01T09:30:00Z.")
            }
            return .instant(date)
        case .day:
            guard case .string(let text) = value else { throw wrong("a date string") }
            guard LocalDate(text) != nil else { throw .invalid(path, "must be a date YYYY-MM-DD.") }
            return .day(text)
        case .instantOrDay:
            guard case .string(let text) = value else { throw wrong("a date or date-time string") }
            if text.count == 10, LocalDate(text) != nil { return .day(text) }
            guard let date = APIJSON.date(from: text) else {
                throw .invalid(path, "must be a date-time such as 2026-03-01T09:30:00Z, or a date YYYY-MM-DD for an all-day appointment.")
            }
            return .instant(date)
        case .list(let element):
            guard case .array(let values) = value else { throw wrong("an array") }
            guard values.count <= maxListLength else { throw .invalid(path, "has more than \(maxListLength) entries.") }
            var result: [FieldValue] = []
            for (index, item) in values.enumerated() {
                if let converted = try convert(item, shape: element, path: "\(path)[\(index)]") { result.append(converted) }
            }
            return .list(result)
        case .object(let members):
            guard case .object(let values) = value else { throw wrong("an object") }
            var result: [String: FieldValue] = [:]
            for (name, member) in values {
                guard let memberShape = members[name] else {
                    throw .unprocessable("\(path).\(name)", "is not a member of this object.")
                }
                if let converted = try convert(member, shape: memberShape, path: "\(path).\(name)") { result[name] = converted }
            }
            return .map(result)
        }
    }
}
