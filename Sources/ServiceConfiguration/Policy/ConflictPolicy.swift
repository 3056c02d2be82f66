/// Who wins when the same field changed on both sides since the last sync. Raw values are
/// those of `SyncEngine.ConflictPolicy`.
public enum ConflictPolicy: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    /// The CRM's value wins (the default: the ERP is the system of record).
    case crmWins = "crm-wins"
    /// The value typed in Outlook wins.
    case outlookWins = "outlook-wins"
    /// The most recent change wins, by modification time.
    case latestWins = "latest-wins"

    public var configurationName: String {
        switch self {
        case .crmWins: "CrmWins"
        case .outlookWins: "OutlookWins"
        case .latestWins: "LatestWins"
        }
    }
}
