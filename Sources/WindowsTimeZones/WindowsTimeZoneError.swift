/// A time zone id the CLDR mapping does not know.
public enum WindowsTimeZoneError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownIANAZone(String)
    case unknownWindowsZone(String)

    public var description: String {
        switch self {
        case .unknownIANAZone(let id):
            "The IANA time zone '\(id)' has no Windows equivalent in the CLDR mapping; use a zone listed in tzdata (for example Europe/Paris)."
        case .unknownWindowsZone(let id):
            "The Windows time zone '\(id)' is not in the CLDR mapping; Exchange may use a custom zone definition."
        }
    }
}
