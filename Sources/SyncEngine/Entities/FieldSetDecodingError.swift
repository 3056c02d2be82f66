/// A `FieldSet` field that does not have the shape its typed model expects.
public struct FieldSetDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: EntityKind
    public var field: String
    public var expected: String
    public var found: FieldValue?

    public init(kind: EntityKind, field: String, expected: String, found: FieldValue?) {
        self.kind = kind
        self.field = field
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "\(kind.rawValue) field '\(field)': expected \(expected), found \(found.map { "\($0)" } ?? "nothing")"
    }
}
