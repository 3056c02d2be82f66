import Foundation
import WindowsTimeZones

/// Turns Windows time zone ids (as EWS sends them) into Foundation time zones, through the full
/// CLDR mapping: every id Windows (and so Exchange) knows is accepted. An unknown id is not
/// guessed: the caller treats it as invalid, as Exchange does.
enum TimeZoneResolution {
    static func timeZone(windowsId: String) -> TimeZone? {
        guard let iana = try? WindowsTimeZoneMapping.ianaID(forWindowsID: windowsId) else { return nil }
        return TimeZone(identifier: iana)
    }
}
