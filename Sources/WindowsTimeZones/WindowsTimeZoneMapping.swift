/// Maps IANA time zone ids (what the CRM and Foundation use) to the Windows ids Exchange
/// speaks on the wire, and back, with Unicode CLDR's windowsZones table.
///
/// IANA → Windows is total for every zone CLDR lists and every tzdata alias of those zones
/// (Asia/Kolkata as well as Asia/Calcutta). Windows → IANA gives CLDR's default zone for the
/// id (territory 001), under its current tzdata name.
public enum WindowsTimeZoneMapping {
    private static let ianaToWindows: [String: String] = table(WindowsZoneTable.ianaToWindows)
    private static let windowsToIANA: [String: String] = table(WindowsZoneTable.windowsToIANA)

    /// The Windows id for an IANA zone, e.g. `Europe/Paris` → `Romance Standard Time`.
    public static func windowsID(forIANA identifier: String) throws(WindowsTimeZoneError) -> String {
        guard let windows = ianaToWindows[identifier] else { throw .unknownIANAZone(identifier) }
        return windows
    }

    /// The default IANA zone for a Windows id, e.g. `Pacific Standard Time` → `America/Los_Angeles`.
    public static func ianaID(forWindowsID identifier: String) throws(WindowsTimeZoneError) -> String {
        guard let iana = windowsToIANA[identifier] else { throw .unknownWindowsZone(identifier) }
        return iana
    }

    /// Whether two IANA zones travel as the same Windows zone, so that Exchange cannot tell
    /// them apart (`America/Montreal` and `America/New_York` are both `Eastern Standard Time`).
    /// Unknown ids are the same only when equal.
    public static func sameWindowsZone(_ first: String?, _ second: String?) -> Bool {
        if first == second { return true }
        guard let first, let second, let a = ianaToWindows[first], let b = ianaToWindows[second] else { return false }
        return a == b
    }

    /// Every Windows id the mapping knows.
    public static var windowsIDs: Set<String> { Set(windowsToIANA.keys) }

    /// Every IANA id (names and aliases) the mapping knows.
    public static var ianaIDs: Set<String> { Set(ianaToWindows.keys) }

    private static func table(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            result[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        return result
    }
}
