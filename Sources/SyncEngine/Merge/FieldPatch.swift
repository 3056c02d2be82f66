/// The fields to write to one side: values to set and fields to clear. Nothing else is touched.
public struct FieldPatch: Codable, Sendable, Hashable {
    /// Fields to set, with their new values.
    public var values: [String: FieldValue]
    /// Fields to clear.
    public var cleared: Set<String>

    public init(values: [String: FieldValue] = [:], cleared: Set<String> = []) {
        self.values = values
        self.cleared = cleared
    }

    /// The patch that turns `current` into `target`.
    public init(from current: FieldSet, to target: FieldSet) {
        var values: [String: FieldValue] = [:]
        var cleared = Set<String>()
        for field in current.changedFields(comparedTo: target) {
            if let value = target[field] { values[field] = value } else { cleared.insert(field) }
        }
        self.init(values: values, cleared: cleared)
    }

    public var isEmpty: Bool { values.isEmpty && cleared.isEmpty }

    /// The names of every field the patch touches, sorted.
    public var fieldNames: [String] { (Array(values.keys) + Array(cleared)).sorted() }

    /// `fields` with this patch applied.
    public func applied(to fields: FieldSet) -> FieldSet {
        var result = fields
        for (field, value) in values { result[field] = value }
        for field in cleared { result[field] = nil }
        return result
    }
}
