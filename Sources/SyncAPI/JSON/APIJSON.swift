import Foundation

/// The JSON coders of the API: dates in ISO 8601 (UTC, whole seconds), keys sorted so that
/// responses are stable.
enum APIJSON {
    static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    /// Decodes a request body as any JSON value; `nil` when it is not JSON.
    static func decodeValue(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// An instant as the API writes it: `2026-11-24T21:00:00Z`.
    static func string(from date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Reads an RFC 3339 date-time (`Z` or an offset, optional fraction of a second).
    static func date(from text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
