import Foundation

/// JSON columns of both stores (SQLite and PostgreSQL): name lists, counts, conflicts. Keys are
/// sorted so that equal values are stored as equal text.
enum StoreJSON {
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A set as a sorted JSON array, for stable storage.
    static func encode<Element: Encodable & Comparable>(sorted set: Set<Element>) throws -> String {
        try encode(set.sorted())
    }
}
