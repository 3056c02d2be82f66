import Foundation
import MicrosoftGraph

/// The span of the calendar that appointments are synchronized over: by default a year back and
/// two years ahead. An event outside it is neither read nor deleted.
public struct GraphCalendarWindow: Sendable, Hashable {
    public var daysBack: Int
    public var daysAhead: Int
    /// How far the window may fall behind the days before a round starts again over the current one.
    public var renewal: Int

    public init(daysBack: Int = 365, daysAhead: Int = 730, renewal: Int = 30) {
        self.daysBack = daysBack
        self.daysAhead = daysAhead
        self.renewal = renewal
    }

    /// The window of a round starting now, from and to midnight UTC.
    func window(around now: Date) -> GraphTimeWindow {
        let today = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
        return GraphTimeWindow(
            start: today.addingTimeInterval(-Double(daysBack) * 86_400), end: today.addingTimeInterval(Double(daysAhead) * 86_400))
    }

    func isOutdated(windowStart: Date, now: Date) -> Bool {
        window(around: now).start.timeIntervalSince(windowStart) > Double(renewal) * 86_400
    }

    static let marker = "#window="

    /// The stored cursor: the delta link and the day its window starts on.
    static func cursor(link: String, windowStart: Date) -> String {
        link + marker + String(Int64(windowStart.timeIntervalSince1970))
    }

    static func split(_ cursor: String) -> (link: String, windowStart: Date?) {
        guard let range = cursor.range(of: marker, options: .backwards), let seconds = Int64(cursor[range.upperBound...]) else {
            return (cursor, nil)
        }
        return (String(cursor[..<range.lowerBound]), Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

