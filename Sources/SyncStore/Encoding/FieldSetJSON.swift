import Foundation
import SyncEngine

/// The JSON form of field sets in the database, written and parsed by hand.
///
/// Bases are read and written for every link of a cycle; `Codable` with the synthesized
/// form of `FieldValue` cost about 15 µs to encode and 21 µs to decode a five-field base,
/// several times the database work. The form stays plain, readable JSON:
/// `{"name": {"text": "…"}}`, with `integer`, `boolean`, `instant`, `day`, `list` and `map`
/// as the other tags. An instant is `Date`'s own number, seconds since 2001-01-01 UTC (as
/// `Codable` writes it): converting to 1970 and back is not exact in floating point, and an
/// inexact base would look like a change. Keys are sorted, so equal sets store equal text.
enum FieldSetJSON {
    static func encode(_ fields: FieldSet) -> String {
        var output = ""
        output.reserveCapacity(64 * max(fields.values.count, 1))
        writeObject(fields.values, into: &output)
        return output
    }

    static func decode(_ text: String) throws -> FieldSet {
        var parser = Parser(bytes: Array(text.utf8))
        do {
            let fields = try parser.parseFieldMap()
            parser.skipWhitespace()
            guard parser.isAtEnd else { throw parser.failure("trailing characters") }
            return FieldSet(fields)
        } catch let error as ParseError {
            throw SyncStoreError.storageFailure(operation: "read a field set", code: nil, detail: error.description)
        }
    }

    // MARK: Writing

    private static func writeObject(_ values: [String: FieldValue], into output: inout String) {
        output.append("{")
        var first = true
        for key in values.keys.sorted() {
            if !first { output.append(",") }
            first = false
            writeString(key, into: &output)
            output.append(":")
            write(values[key]!, into: &output)
        }
        output.append("}")
    }

    private static func write(_ value: FieldValue, into output: inout String) {
        switch value {
        case .text(let text):
            output.append("{\"text\":")
            writeString(text, into: &output)
        case .integer(let integer):
            output.append("{\"integer\":")
            output.append(String(integer))
        case .boolean(let boolean):
            output.append(boolean ? "{\"boolean\":true" : "{\"boolean\":false")
        case .instant(let date):
            output.append("{\"instant\":")
            // `description` is the shortest text that parses back to the same Double.
            output.append(date.timeIntervalSinceReferenceDate.description)
        case .day(let day):
            output.append("{\"day\":")
            writeString(day, into: &output)
        case .list(let list):
            output.append("{\"list\":[")
            for (index, element) in list.enumerated() {
                if index > 0 { output.append(",") }
                write(element, into: &output)
            }
            output.append("]")
        case .map(let map):
            output.append("{\"map\":")
            writeObject(map, into: &output)
        }
        output.append("}")
    }

    private static func writeString(_ string: String, into output: inout String) {
        output.append("\"")
        var plainStart = string.unicodeScalars.startIndex
        let scalars = string.unicodeScalars
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let escape: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                default:
                    scalar.value < 0x20 ? "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16) : nil
                }
            if let escape {
                output.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                output.append(escape)
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        output.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        output.append("\"")
    }

    // MARK: Parsing

    struct ParseError: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "malformed field set at byte \(offset): \(reason)" }
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        var isAtEnd: Bool { position >= bytes.count }

        func failure(_ reason: String) -> ParseError { ParseError(offset: position, reason: reason) }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == byte else {
                throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
            }
            position += 1
        }

        /// Consumes `byte` if it comes next.
        mutating func consume(_ byte: UInt8) -> Bool {
            skipWhitespace()
            if position < bytes.count, bytes[position] == byte {
                position += 1
                return true
            }
            return false
        }

        mutating func parseFieldMap() throws -> [String: FieldValue] {
            try expect(UInt8(ascii: "{"))
            var values: [String: FieldValue] = [:]
            if consume(UInt8(ascii: "}")) { return values }
            repeat {
                let key = try parseString()
                try expect(UInt8(ascii: ":"))
                values[key] = try parseValue()
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
            return values
        }

        mutating func parseValue() throws -> FieldValue {
            try expect(UInt8(ascii: "{"))
            let tag = try parseString()
            try expect(UInt8(ascii: ":"))
            let value: FieldValue
            switch tag {
            case "text": value = .text(try parseString())
            case "integer":
                guard let integer = Int(try parseNumberToken()) else { throw failure("integer out of range") }
                value = .integer(integer)
            case "boolean":
                skipWhitespace()
                if bytes[position...].starts(with: "true".utf8) {
                    position += 4
                    value = .boolean(true)
                } else if bytes[position...].starts(with: "false".utf8) {
                    position += 5
                    value = .boolean(false)
                } else {
                    throw failure("expected a boolean")
                }
            case "instant":
                guard let seconds = Double(try parseNumberToken()) else { throw failure("bad instant") }
                value = .instant(Date(timeIntervalSinceReferenceDate: seconds))
            case "day": value = .day(try parseString())
            case "list":
                try expect(UInt8(ascii: "["))
                var list: [FieldValue] = []
                if !consume(UInt8(ascii: "]")) {
                    repeat { list.append(try parseValue()) } while consume(UInt8(ascii: ","))
                    try expect(UInt8(ascii: "]"))
                }
                value = .list(list)
            case "map": value = .map(try parseFieldMap())
            default: throw failure("unknown value tag '\(tag)'")
            }
            try expect(UInt8(ascii: "}"))
            return value
        }

        mutating func parseNumberToken() throws -> String {
            skipWhitespace()
            let start = position
            while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
            guard position > start else { throw failure("expected a number") }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }

        mutating func parseString() throws -> String {
            try expect(UInt8(ascii: "\""))
            var utf8: [UInt8] = []
            var runStart = position
            while true {
                guard position < bytes.count else { throw failure("unterminated string") }
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    utf8.append(contentsOf: bytes[runStart..<position])
                    position += 1
                    break
                }
                if byte != UInt8(ascii: "\\") {
                    position += 1
                    continue
                }
                utf8.append(contentsOf: bytes[runStart..<position])
                position += 1
                guard position < bytes.count else { throw failure("unterminated escape") }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""): utf8.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): utf8.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): utf8.append(UInt8(ascii: "/"))
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A surrogate pair.
                        guard bytes[position...].starts(with: "\\u".utf8) else { throw failure("lone surrogate") }
                        position += 2
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("bad surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw failure("bad \\u escape") }
                    utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: throw failure("bad escape")
                }
                runStart = position
            }
            return String(decoding: utf8, as: UTF8.self)
        }

        mutating func parseHex4() throws -> UInt32 {
            guard position + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { throw failure("bad \\u escape") }
            position += 4
            return value
        }
    }
}
