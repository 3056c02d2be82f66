/// `Edm.DateTimeOffset` as Graph writes it (`2026-11-02T09:00:00Z`, sometimes with seven fractional
/// digits). Kept as text: the library passes it through; callers parse it where they need a `Date`.
public struct EdmDateTimeOffset: Codable, Sendable, Hashable, EdmTyped, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public init(from decoder: any Decoder) throws { text = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
    public static var edmTypeName: String { "Edm.DateTimeOffset" }
    public var description: String { text }
}

/// `Edm.Date` (`2026-11-02`), as in a recurrence range.
public struct EdmDate: Codable, Sendable, Hashable, EdmTyped, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public init(from decoder: any Decoder) throws { text = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
    public static var edmTypeName: String { "Edm.Date" }
    public var description: String { text }
}
