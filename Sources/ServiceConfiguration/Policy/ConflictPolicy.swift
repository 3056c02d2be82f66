/// Who wins when the same field changed on both sides since the last sync.
public enum ConflictPolicy: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    /// The CRM's value wins (the default: the ERP is the system of record).
    case crmWins
    /// The value typed in Outlook wins.
    case outlookWins
    /// The most recent change wins, by modification time.
    case latestWins

    public var configurationName: String {
        switch self {
        case .crmWins: "CrmWins"
        case .outlookWins: "OutlookWins"
        case .latestWins: "LatestWins"
        }
    }
}
