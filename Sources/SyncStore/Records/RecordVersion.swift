/// A record's version: starts at 1, grows by one with every change, never reused (a
/// tombstone keeps its version and a re-created record continues from it).
///
/// It is the record's ETag on the ERP API.
public struct RecordVersion: RawRepresentable, Sendable, Hashable, Codable, Comparable {
    public var rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// The strong ETag form, quoted, e.g. `"7"`.
    public var etag: String { "\"\(rawValue)\"" }

    /// Parses an ETag (`"7"`, `W/"7"` or `7`).
    public init?(etag: String) {
        var text = Substring(etag)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        guard let value = Int64(text), value > 0 else { return nil }
        rawValue = value
    }

    public static func < (lhs: RecordVersion, rhs: RecordVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}
