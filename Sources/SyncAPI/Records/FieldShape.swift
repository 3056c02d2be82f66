/// The JSON shape of one record field on the API, and the `FieldValue` it becomes.
///
/// A `FieldSet` alone cannot say whether `"2026-03-01"` is text or a day: the shape decides.
indirect enum FieldShape: Sendable {
    case text
    case integer
    case boolean
    /// An RFC 3339 date-time; stored as an instant.
    case instant
    /// `YYYY-MM-DD`; stored as a day.
    case day
    /// An appointment's start or end: a day when all-day (`YYYY-MM-DD`), a date-time otherwise.
    case instantOrDay
    case list(FieldShape)
    /// An object with these members (any may be absent).
    case object([String: FieldShape])
}
