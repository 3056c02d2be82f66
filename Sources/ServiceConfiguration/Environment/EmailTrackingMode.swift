/// `Email:Track`: which mail of the environment's mailboxes reaches the CRM. Raw values are those
/// of `SyncEngine.EmailTrackingMode`.
public enum EmailTrackingMode: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    /// No mail is read (the default: tracking mail is the customer's privacy decision).
    case off
    /// Inbox and Sent Items mail whose sender or a recipient is a CRM contact's address.
    case crmContacts
    /// Mail the user tags with `Email:Category`.
    case category
    /// Mail tagged with the category, and the replies in threads already tracked.
    case repliesToTracked

    public var configurationName: String {
        switch self {
        case .off: "Off"
        case .crmContacts: "CrmContacts"
        case .category: "Category"
        case .repliesToTracked: "RepliesToTracked"
        }
    }
}
