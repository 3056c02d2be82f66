/// A typed view of one entity kind's synchronized fields, convertible to and from a `FieldSet`
/// with stable field names (see `FieldName`). Both conversions normalise, so that equal things
/// compare equal: `Self(fields: x.fields) == x` and `Self(fields: s).fields == s.normalized()`
/// for a set `s` produced by the model.
public protocol EntityFields: Sendable, Hashable {
    static var kind: EntityKind { get }
    /// Reads the typed model from `fields`, normalising it; throws when a field has the wrong shape.
    init(fields: FieldSet) throws(FieldSetDecodingError)
    /// The normalised `FieldSet` of this model (absent fields for empty values).
    var fields: FieldSet { get }
}
