/// A resource (API) the simulated Entra ID issues tokens for.
public enum SimulatedResource: String, Sendable, CaseIterable, Codable {
    /// Office 365 Exchange Online (EWS).
    case exchangeOnline = "ews"
    /// Microsoft Graph.
    case graph = "graph"

    /// The application ID URI, which is also the v1 token's `aud`.
    public var applicationIdURI: String {
        switch self {
        case .exchangeOnline: "https://outlook.office365.com"
        case .graph: "https://graph.microsoft.com"
        }
    }

    /// The first-party application id of the resource.
    public var applicationId: String {
        switch self {
        case .exchangeOnline: "00000002-0000-0ff1-ce00-000000000000"
        case .graph: "00000003-0000-0000-c000-000000000000"
        }
    }

    /// Audiences a resource server of this kind accepts.
    public var acceptedAudiences: Set<String> { [applicationIdURI, applicationId] }

    /// Finds the resource named by a `scope` value's resource part (without `/.default`).
    static func named(_ identifier: String) -> SimulatedResource? {
        let trimmed = identifier.hasSuffix("/") ? String(identifier.dropLast()) : identifier
        return allCases.first {
            $0.applicationIdURI.caseInsensitiveCompare(trimmed) == .orderedSame
                || $0.applicationId.caseInsensitiveCompare(trimmed) == .orderedSame
        }
    }

    /// Roles an app seed grants for this resource (keys may be `ews`/`graph` or a resource URI).
    func roles(in app: AppSeed) -> [String] {
        var result: [String] = []
        for (key, roles) in app.roles where key == rawValue || SimulatedResource.named(key) == self {
            result.append(contentsOf: roles)
        }
        return result
    }
}
