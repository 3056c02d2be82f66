/// Which way changes of one kind of record flow.
public enum SyncDirection: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    /// Both ways (the default).
    case twoWay
    /// The CRM writes to Outlook; changes made in Outlook are not read back.
    case crmToOutlook
    /// Outlook changes reach the CRM; the CRM's own changes are not written to Outlook.
    case outlookToCrm
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
