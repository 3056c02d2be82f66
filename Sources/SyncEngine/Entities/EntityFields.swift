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

extension EntityKind {
    /// The typed model of this kind.
    public var fieldsType: any EntityFields.Type {
        switch self {
        case .contact: ContactFields.self
        case .appointment: AppointmentFields.self
        case .task: TaskFields.self
        }
    }

    /// `fields` read through this kind's typed model and written back: the form both sides compare
    /// (trimmed text, lower-case e-mail addresses, sorted categories). Throws naming the first field
    /// whose value has the wrong shape.
    public func normalizedFields(_ fields: FieldSet) throws(FieldSetDecodingError) -> FieldSet {
        try fieldsType.init(fields: fields).fields
    }
}
