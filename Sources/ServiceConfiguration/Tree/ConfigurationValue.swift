/// A node of the configuration tree, shaped like .NET configuration: every leaf is a string
/// (`true`, `42` and `"42"` all read as text), sections are looked up by key without regard to case.
indirect enum ConfigurationValue: Sendable, Equatable {
    case scalar(String)
    case null
    case array([ConfigurationValue])
    case section(ConfigurationSection)

    /// What the value is, for messages ("a text value", "a list", …).
    func kindDescription(in language: MessageLanguage) -> String {
        let french = language == .french
        switch self {
        case .scalar: return french ? "un texte" : "a text value"
        case .null: return "null"
        case .array: return french ? "une liste" : "a list"
        case .section: return french ? "une section" : "a section"
        }
    }
}

/// A JSON object whose keys match case-insensitively, as in .NET configuration.
struct ConfigurationSection: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let key: String
        let value: ConfigurationValue
    }

    /// Entries sorted by key, so that every message comes out in a stable order.
    let entries: [Entry]

    init(entries: [Entry]) {
        self.entries = entries.sorted { $0.key < $1.key }
    }

    /// All entries whose key equals `key`, ignoring case (more than one means the file spells a key twice).
    func entries(forKey key: String) -> [Entry] {
        let wanted = key.lowercased()
        return entries.filter { $0.key.lowercased() == wanted }
    }

    /// The value of `key` ignoring case, or nil when absent. When the key is spelled twice the
    /// first in sorted order is returned; `ambiguousKeys` lets the caller report it.
    func value(forKey key: String) -> ConfigurationValue? {
        entries(forKey: key).first?.value
    }

    func contains(_ key: String) -> Bool { !entries(forKey: key).isEmpty }

    /// Groups of keys that differ only by case (`TenantId` and `tenantid`).
    var ambiguousKeys: [[String]] {
        Dictionary(grouping: entries.map(\.key), by: { $0.lowercased() })
            .values.filter { $0.count > 1 }
            .map { $0.sorted() }
            .sorted { $0[0] < $1[0] }
    }

    /// Keys not in `known` (compared without case), in sorted order.
    func keys(notIn known: [String]) -> [String] {
        let knownLowercased = Set(known.map { $0.lowercased() })
        return entries.map(\.key).filter { !knownLowercased.contains($0.lowercased()) }
    }
}
