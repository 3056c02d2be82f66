/// A Swift type that stands for one type of Graph's schema (CSDL): `Edm.String`, `graph.event`,
/// `Collection(graph.attendee)`…
///
/// Every model property's type conforms, so a test can read the models by reflection and check
/// each property's name and type against Graph's CSDL; a property added to a model is checked
/// without anyone listing it.
public protocol EdmTyped {
    /// The CSDL type name, with the `graph.` alias for Graph's own types.
    static var edmTypeName: String { get }
}

/// A Graph complex or entity type, or an enum type: its CSDL name, e.g. `event`.
public protocol GraphSchemaType: EdmTyped {
    static var graphTypeName: String { get }
}

extension GraphSchemaType {
    public static var edmTypeName: String { "graph.\(graphTypeName)" }
}

/// A Graph model: every property optional, so that a value holds exactly the fields that were read
/// or are to be written (a PATCH sends the dirty fields only), and an empty value exists.
public protocol GraphModel: GraphSchemaType, Codable, Sendable, Equatable {
    /// The JSON names of the model's properties; OData annotations (`@odata.etag`, `@removed`)
    /// included.
    associatedtype CodingKeys: CodingKey, CaseIterable
    init()
}

/// A Graph enum type. Its raw values are the CSDL member names.
public protocol GraphEnum: GraphSchemaType, CaseIterable, Codable, Sendable, Hashable, RawRepresentable where RawValue == String {}

extension String: EdmTyped { public static var edmTypeName: String { "Edm.String" } }
extension Bool: EdmTyped { public static var edmTypeName: String { "Edm.Boolean" } }
extension Int32: EdmTyped { public static var edmTypeName: String { "Edm.Int32" } }
extension Double: EdmTyped { public static var edmTypeName: String { "Edm.Double" } }

extension Optional: EdmTyped where Wrapped: EdmTyped {
    public static var edmTypeName: String { Wrapped.edmTypeName }
}

extension Array: EdmTyped where Element: EdmTyped {
    public static var edmTypeName: String { "Collection(\(Element.edmTypeName))" }
}
