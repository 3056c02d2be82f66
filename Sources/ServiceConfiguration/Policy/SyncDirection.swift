/// Which way changes of one kind of record flow. Raw values are those of `SyncEngine.SyncDirection`.
public enum SyncDirection: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    /// Both ways (the default).
    case twoWay = "two-way"
    /// The CRM writes to Outlook; changes made in Outlook are not read back.
    case crmToOutlook = "crm-to-outlook"
    /// Outlook changes reach the CRM; the CRM's own changes are not written to Outlook.
    case outlookToCrm = "outlook-to-crm"
    /// This kind of record is not synchronized.
    case off

    public var configurationName: String {
        switch self {
        case .twoWay: "TwoWay"
        case .crmToOutlook: "CrmToOutlook"
        case .outlookToCrm: "OutlookToCrm"
        case .off: "Off"
        }
    }
}
