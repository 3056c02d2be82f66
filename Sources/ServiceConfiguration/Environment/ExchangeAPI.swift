/// The API the service uses to reach an environment's mailboxes.
public enum ExchangeAPI: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    /// Exchange Web Services with `full_access_as_app` and impersonation (the only API of
    /// on-premises Exchange Server).
    case ews
    /// Microsoft Graph with application permissions (the path for Exchange Online).
    case graph
    /// The default: EWS for an on-premises `EwsUrl`; for Exchange Online, Graph once the token
    /// carries the Graph roles, EWS with a warning until then (decided at each start).
    case auto

    public var configurationName: String {
        switch self {
        case .ews: "Ews"
        case .graph: "Graph"
        case .auto: "Auto"
        }
    }
}
