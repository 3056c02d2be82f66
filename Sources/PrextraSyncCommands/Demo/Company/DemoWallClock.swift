import Foundation
import SyncEngine

/// Wall-clock times in a zone, turned into instants: "Tuesday 10:00 in Tokyo".
enum DemoWallClock {
    /// The instant of `day` at `hour`:`minute` in the IANA zone `zone`.
    static func instant(_ day: LocalDate, hour: Int, minute: Int = 0, in zone: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// `Tue 08 Dec 10:00 Europe/Zurich`: how the narrative shows a time, in the zone it was set in.
    static func describe(_ date: Date, in zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone) ?? .gmt
        formatter.dateFormat = "EEE dd MMM HH:mm"
        return "\(formatter.string(from: date)) \(zone)"
    }
}
