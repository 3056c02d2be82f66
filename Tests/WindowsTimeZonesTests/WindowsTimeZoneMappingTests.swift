import Foundation
import Testing

@testable import WindowsTimeZones

@Suite("Windows ⇄ IANA time zone mapping")
struct WindowsTimeZoneMappingTests {
    @Test(arguments: [
        ("Europe/Paris", "Romance Standard Time"),
        ("America/New_York", "Eastern Standard Time"),
        ("America/Toronto", "Eastern Standard Time"),
        ("America/Montreal", "Eastern Standard Time"),
        ("Asia/Kolkata", "India Standard Time"),
        ("Asia/Calcutta", "India Standard Time"),
        ("Europe/Kyiv", "FLE Standard Time"),
        ("US/Eastern", "Eastern Standard Time"),
        ("Etc/UTC", "UTC"),
        ("UTC", "UTC"),
        ("Australia/Lord_Howe", "Lord Howe Standard Time"),
        ("America/Nuuk", "Greenland Standard Time"),
        ("Africa/Asmara", "E. Africa Standard Time"),
        ("Pacific/Chuuk", "West Pacific Standard Time"),
    ])
    func mapsIANAToWindows(iana: String, windows: String) throws {
        #expect(try WindowsTimeZoneMapping.windowsID(forIANA: iana) == windows)
    }

    @Test(arguments: [
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Romance Standard Time", "Europe/Paris"),
        ("India Standard Time", "Asia/Kolkata"),
        ("FLE Standard Time", "Europe/Kyiv"),
        ("UTC", "Etc/UTC"),
    ])
    func mapsWindowsToTheDefaultIANAZone(windows: String, iana: String) throws {
        #expect(try WindowsTimeZoneMapping.ianaID(forWindowsID: windows) == iana)
    }

    @Test func isTotalForEveryCLDRWindowsIdAndRoundTrips() throws {
        #expect(WindowsTimeZoneMapping.windowsIDs.count == 139)
        for windows in WindowsTimeZoneMapping.windowsIDs {
            let iana = try WindowsTimeZoneMapping.ianaID(forWindowsID: windows)
            #expect(try WindowsTimeZoneMapping.windowsID(forIANA: iana) == windows, "\(windows) → \(iana)")
            #expect(TimeZone(identifier: iana) != nil, "Foundation does not know \(iana)")
        }
    }

    @Test func coversEveryZoneFoundationKnows() {
        // Foundation's list is tzdata's: every region zone there must map.
        let missing = TimeZone.knownTimeZoneIdentifiers.filter { identifier in
            identifier.contains("/") && !identifier.hasPrefix("Etc/")
                && !WindowsTimeZoneMapping.ianaIDs.contains(identifier)
        }
        // CLDR 2021a (the table's version) has no Windows zone for the Troll research station.
        #expect(missing == ["Antarctica/Troll"])
    }

    @Test func failsClearlyForUnknownIds() {
        #expect(throws: WindowsTimeZoneError.unknownIANAZone("Mars/Olympus_Mons")) {
            try WindowsTimeZoneMapping.windowsID(forIANA: "Mars/Olympus_Mons")
        }
        #expect(throws: WindowsTimeZoneError.unknownWindowsZone("Martian Standard Time")) {
            try WindowsTimeZoneMapping.ianaID(forWindowsID: "Martian Standard Time")
        }
    }

    @Test func tellsWhenTwoIANAZonesAreOneWindowsZone() {
        #expect(WindowsTimeZoneMapping.sameWindowsZone("America/Montreal", "America/New_York"))
        #expect(WindowsTimeZoneMapping.sameWindowsZone(nil, nil))
        #expect(!WindowsTimeZoneMapping.sameWindowsZone("Europe/Paris", "Europe/London"))
        #expect(!WindowsTimeZoneMapping.sameWindowsZone("Europe/Paris", nil))
        #expect(!WindowsTimeZoneMapping.sameWindowsZone("Mars/A", "Mars/B"))
    }
}
