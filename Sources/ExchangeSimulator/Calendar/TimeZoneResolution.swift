import Foundation

/// Turns Windows time zone ids (as EWS sends them) into Foundation time zones.
///
/// This is a small built-in table of common zones, kept behind one function so that it can be
/// switched to the `WindowsTimeZones` module (the full CLDR mapping) once that exists.
/// An unknown id is not guessed: the caller treats it as invalid.
enum TimeZoneResolution {
    static func timeZone(windowsId: String) -> TimeZone? {
        if let iana = table[windowsId] { return TimeZone(identifier: iana) }
        return nil
    }

    private static let table: [String: String] = [
        "UTC": "UTC", "Coordinated Universal Time": "UTC", "GMT Standard Time": "Europe/London",
        "Greenwich Standard Time": "Atlantic/Reykjavik", "W. Europe Standard Time": "Europe/Berlin",
        "Romance Standard Time": "Europe/Paris", "Central Europe Standard Time": "Europe/Budapest",
        "Central European Standard Time": "Europe/Warsaw", "E. Europe Standard Time": "Europe/Chisinau",
        "FLE Standard Time": "Europe/Kiev", "GTB Standard Time": "Europe/Bucharest",
        "Russian Standard Time": "Europe/Moscow", "Eastern Standard Time": "America/New_York",
        "Central Standard Time": "America/Chicago", "Mountain Standard Time": "America/Denver",
        "US Mountain Standard Time": "America/Phoenix", "Pacific Standard Time": "America/Los_Angeles",
        "Alaskan Standard Time": "America/Anchorage", "Hawaiian Standard Time": "Pacific/Honolulu",
        "Atlantic Standard Time": "America/Halifax", "Canada Central Standard Time": "America/Regina",
        "Newfoundland Standard Time": "America/St_Johns", "SA Pacific Standard Time": "America/Bogota",
        "E. South America Standard Time": "America/Sao_Paulo", "Tokyo Standard Time": "Asia/Tokyo",
        "China Standard Time": "Asia/Shanghai", "India Standard Time": "Asia/Calcutta",
        "Singapore Standard Time": "Asia/Singapore", "AUS Eastern Standard Time": "Australia/Sydney",
        "New Zealand Standard Time": "Pacific/Auckland", "South Africa Standard Time": "Africa/Johannesburg",
        "Morocco Standard Time": "Africa/Casablanca", "Arabian Standard Time": "Asia/Dubai",
        "Israel Standard Time": "Asia/Jerusalem", "Turkey Standard Time": "Europe/Istanbul",
        "W. Central Africa Standard Time": "Africa/Lagos", "Korea Standard Time": "Asia/Seoul",
    ]
}
