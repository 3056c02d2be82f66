import Foundation

/// One Graph request as the simulator sees it (top level or a `$batch` item).
struct GraphRequest: Sendable {
    var method: String
    /// The path below `/v1.0`, still percent-encoded (`/users/u1/events/AAMk%3D`).
    var path: String
    /// The raw query string (without `?`).
    var rawQuery: String
    /// Header names lower-cased; repeated headers joined with ", ".
    var headers: [String: String]
    var body: Data
    /// `http://HOST:PORT`, for the links the answer carries.
    var origin: String

    init(method: String, target: String, headers: [String: String], body: Data, origin: String) {
        self.method = method.uppercased()
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = parts.first.map(String.init) ?? ""
        rawQuery = parts.count > 1 ? String(parts[1]) : ""
        self.headers = headers
        self.body = body
        self.origin = origin
    }

    /// Path segments, percent-decoded one by one (a `%2F` stays inside its segment).
    var segments: [String]? {
        var result: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEncoding else { return nil }
            result.append(decoded)
        }
        return result
    }

    /// Query parameters, decoded (`+` is a space in a query, as OData clients write it).
    var query: [String: String] {
        var result: [String: String] = [:]
        for pair in rawQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            let key = decode(parts[0])
            result[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    var preferences: GraphPreferences { GraphPreferences(header: header("prefer")) }
}

/// The `Prefer` header: one comma-joined header or several, in any order.
struct GraphPreferences: Sendable, Equatable {
    var immutableIds = false
    var timeZone: String?
    var maxPageSize: Int?

    init(header: String?) {
        guard let header else { return }
        for preference in Self.split(header) {
            let parts = preference.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first?.lowercased() else { continue }
            let value = parts.count > 1 ? parts[1].trimmingCharacters(in: ["\""]) : ""
            switch name {
            case "idtype": immutableIds = value.caseInsensitiveCompare("ImmutableId") == .orderedSame
            case "outlook.timezone": timeZone = value
            case "odata.maxpagesize": maxPageSize = Int(value)
            default: continue
            }
        }
    }

    /// Splits on commas outside double quotes.
    static func split(_ header: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in header {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted {
                result.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current.trimmingCharacters(in: .whitespaces)) }
        return result
    }
}
