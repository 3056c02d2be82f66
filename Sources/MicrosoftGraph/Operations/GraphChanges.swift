/// The body of a PATCH: only the fields that changed (the ones set in `changes`), plus the
/// properties to clear, sent as JSON `null`. Graph leaves every other property as it is.
public struct GraphChanges<Model: GraphModel>: Encodable, Sendable {
    public var changes: Model
    public var cleared: [Model.CodingKeys]

    public init(_ changes: Model, clearing cleared: [Model.CodingKeys] = []) {
        self.changes = changes
        self.cleared = cleared
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        try changes.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        for key in cleared {
            try container.encodeNil(forKey: Key(stringValue: key.stringValue))
        }
    }
}
