import Foundation

/// A Microsoft cloud: where to get tokens, and the resource URIs of Exchange Online and Graph there.
///
/// Tokens from one cloud are not accepted by another; a tenant reached through the wrong
/// cloud's authority gives AADSTS90002 or AADSTS90038. Hosts are from Microsoft's national-cloud
/// tables (see docs/identity notes); `custom` serves the simulator and on-premises setups.
public enum AzureCloud: Sendable, Hashable {
    /// Global Azure, including US Government GCC (moderate).
    case global
    /// US Government GCC High.
    case usGovernmentHigh
    /// US Government DoD.
    case usGovernmentDoD
    /// Microsoft Azure operated by 21Vianet (China).
    case china
    /// Any authority host, e.g. the simulator's `https://127.0.0.1:8443`. Resources stay the global ones.
    case custom(authority: URL)

    /// The authority host (no tenant).
    public var authority: URL {
        switch self {
        case .global: URL(string: "https://login.microsoftonline.com")!
        case .usGovernmentHigh, .usGovernmentDoD: URL(string: "https://login.microsoftonline.us")!
        case .china: URL(string: "https://login.partner.microsoftonline.cn")!
        case .custom(let authority): authority
        }
    }

    /// The application ID URI of Exchange Online (EWS) in this cloud.
    public var exchangeOnlineResource: String {
        switch self {
        case .global, .custom: "https://outlook.office365.com"
        case .usGovernmentHigh: "https://outlook.office365.us"
        case .usGovernmentDoD: "https://webmail.apps.mil"
        case .china: "https://partner.outlook.cn"
        }
    }

    /// The application ID URI of Microsoft Graph in this cloud.
    public var graphResource: String {
        switch self {
        case .global, .custom: "https://graph.microsoft.com"
        case .usGovernmentHigh: "https://graph.microsoft.us"
        case .usGovernmentDoD: "https://dod-graph.microsoft.us"
        case .china: "https://microsoftgraph.chinacloudapi.cn"
        }
    }

    /// Parses a configuration value: `global`, `usgovhigh`, `usgovdod`, `china`, or an https/http URL.
    public init?(configurationValue value: String) {
        switch value.lowercased() {
        case "global", "public", "azurepublic", "": self = .global
        case "usgovhigh", "gcchigh", "usgovernment", "azureusgovernment": self = .usGovernmentHigh
        case "usgovdod", "dod": self = .usGovernmentDoD
        case "china", "azurechina": self = .china
        default:
            guard let url = URL(string: value), url.scheme == "https" || url.scheme == "http", url.host != nil else { return nil }
            self = .custom(authority: url)
        }
    }
}
