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

    /// Microsoft Graph with the application permissions the sync uses.
    public static func graph(
        in cloud: AzureCloud = .global,
        requiredRoles: Set<String> = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "Mail.Read"]
    ) -> TokenResource {
        TokenResource(applicationIdURI: cloud.graphResource, requiredRoles: requiredRoles)
    }

    /// The `scope` value of the token request.
    public var scope: String {
        (applicationIdURI.hasSuffix("/") ? String(applicationIdURI.dropLast()) : applicationIdURI) + "/.default"
    }

    public var description: String { applicationIdURI }
}
