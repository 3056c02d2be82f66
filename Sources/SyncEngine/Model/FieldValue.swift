import Foundation

/// One field's value on either side of a link, in a form both sides can be compared in.
///
/// The three-way merge works field by field on these values: two values are "the same"
/// exactly when they are `==`. Structured fields (a recurrence, an address) are `map`s
/// and compare as a whole.
public indirect enum FieldValue: Sendable, Hashable, Codable {
    case text(String)
    case integer(Int)
    case boolean(Bool)
    /// An instant, UTC. Compared at whole-second precision by the models that produce it.
    case instant(Date)
    /// A calendar date with no time and no zone (all-day items, due dates): `YYYY-MM-DD`.
    case day(String)
    case list([FieldValue])
    case map([String: FieldValue])
}
