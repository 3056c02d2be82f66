/// How long a series lasts (the EWS recurrence range types). Days are in the series' start zone.
public enum RecurrenceRange: Codable, Sendable, Hashable {
    case endDate(start: LocalDate, end: LocalDate)
    case numbered(start: LocalDate, count: Int)
    case noEnd(start: LocalDate)

    public var start: LocalDate {
        switch self {
        case .endDate(let start, _), .numbered(let start, _), .noEnd(let start): start
        }
    }
}
