import Foundation

/// The text GRDB stores a `Date` as in SQLite: `yyyy-MM-dd HH:mm:ss.SSS`, UTC.
enum SQLiteDateText {
    static func date(from text: String) -> Date? {
        let iso = text.replacingOccurrences(of: " ", with: "T") + (text.hasSuffix("Z") ? "" : "Z")
        if let date = try? Date(iso, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(iso, strategy: Date.ISO8601FormatStyle())
    }
}
