/// The API the service uses to reach an environment's mailboxes.
public enum ExchangeAPI: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    /// Exchange Web Services with `full_access_as_app` and impersonation (the default; the only
    /// API of on-premises Exchange Server).
    case ews
    /// Microsoft Graph with application permissions (the path for Exchange Online).
    case graph

    public var configurationName: String {
        switch self {
        case .ews: "Ews"
        case .graph: "Graph"
        }
    }
}
