/// A position in one environment's change feed: the sequence number of an entry.
///
/// Positions are gapless and assigned in commit order, per environment and per feed, so
/// reading `after` a position never skips an entry. `0` is before the first entry.
public struct FeedPosition: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// Before the first entry.
    public static let start = FeedPosition(0)

    public var description: String { String(rawValue) }

    public static func < (lhs: FeedPosition, rhs: FeedPosition) -> Bool { lhs.rawValue < rhs.rawValue }
}
