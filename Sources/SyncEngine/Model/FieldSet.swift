/// The values of a record's or an item's synchronized fields, by field name.
///
/// A field that is absent has no value (it was cleared or never set). The merge compares
/// a side's `FieldSet` with the link's base `FieldSet` to find what each side changed.
public struct FieldSet: Sendable, Hashable, Codable, ExpressibleByDictionaryLiteral {
    public var values: [String: FieldValue]

    public init(_ values: [String: FieldValue] = [:]) { self.values = values }

    public init(dictionaryLiteral elements: (String, FieldValue)...) {
        values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public subscript(field: String) -> FieldValue? {
        get { values[field] }
        set { values[field] = newValue }
    }

    /// Field names present on either side whose values differ.
    public func changedFields(comparedTo other: FieldSet) -> Set<String> {
        var changed = Set<String>()
        for key in Set(values.keys).union(other.values.keys) where values[key] != other.values[key] {
            changed.insert(key)
        }
        return changed
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: FieldValue].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
