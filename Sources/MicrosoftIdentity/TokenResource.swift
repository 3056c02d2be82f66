/// The API a token is for. Client-credentials scopes are always `{resource}/.default`.
public struct TokenResource: Sendable, Hashable, CustomStringConvertible {
    /// The application ID URI, e.g. `https://outlook.office365.com`.
    public var applicationIdURI: String
    /// The application roles an app needs on this resource for the sync to work.
    public var requiredRoles: Set<String>

    public init(applicationIdURI: String, requiredRoles: Set<String> = []) {
        self.applicationIdURI = applicationIdURI
        self.requiredRoles = requiredRoles
    }

    /// Exchange Web Services: needs `full_access_as_app`.
    public static func exchangeOnline(in cloud: AzureCloud = .global) -> TokenResource {
        TokenResource(applicationIdURI: cloud.exchangeOnlineResource, requiredRoles: ["full_access_as_app"])
    }

    /// The Graph application permissions the two-way sync of contacts, appointments and tasks uses.
    public static let graphSyncRoles: Set<String> = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All"]

    /// The Graph application permission e-mail tracking adds: message delta with bodies.
    public static let graphMailRole = "Mail.Read"

    /// Microsoft Graph with the application permissions the sync uses.
    public static func graph(
        in cloud: AzureCloud = .global, requiredRoles: Set<String> = graphSyncRoles.union([graphMailRole])
    ) -> TokenResource {
        TokenResource(applicationIdURI: cloud.graphResource, requiredRoles: requiredRoles)
    }

    /// Microsoft Graph for an environment: `Mail.Read` is required only where it reads mail
    /// (e-mail tracking on), so a customer who keeps tracking off need not grant it.
    public static func graph(in cloud: AzureCloud = .global, readsMail: Bool) -> TokenResource {
        graph(in: cloud, requiredRoles: readsMail ? graphSyncRoles.union([graphMailRole]) : graphSyncRoles)
    }

    /// The `scope` value of the token request.
    public var scope: String {
        (applicationIdURI.hasSuffix("/") ? String(applicationIdURI.dropLast()) : applicationIdURI) + "/.default"
    }

    public var description: String { applicationIdURI }
}
