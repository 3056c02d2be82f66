import Foundation

/// The `requiredResourceAccess` property of an Entra ID application manifest: the resource
/// APIs the app needs and the application roles (`type: Role`) it asks an administrator to grant.
/// The `manifest` command prints it; the onboarding guide shows it, ready to paste.
public struct RequiredResourceAccess: Encodable, Sendable {
    public struct ResourceAccess: Encodable, Sendable {
        /// The app role's id in the resource's service principal.
        public let id: String
        /// `Role`: an application permission (as opposed to `Scope`, a delegated one).
        public let type: String
    }

    public struct Resource: Encodable, Sendable {
        public let resourceAppId: String
        public let resourceAccess: [ResourceAccess]
    }

    public let requiredResourceAccess: [Resource]
    /// The roles asked for, named as the portal's API permissions page shows them.
    public let roleNames: [String]

    private enum CodingKeys: String, CodingKey {
        case requiredResourceAccess
    }

    /// What an app needs for EWS, for Microsoft Graph, or both (an environment moving from one
    /// to the other: the same app serves both).
    public init(ews: Bool, graph: Bool) {
        var resources: [Resource] = []
        var names: [String] = []
        if ews {
            resources.append(Self.resource(ManifestResource.exchange.appID, ManifestResource.exchange.roles))
            names += ManifestResource.exchange.roles.map { "Office 365 Exchange Online \($0.name)" }
        }
        if graph {
            resources.append(Self.resource(ManifestResource.graph.appID, ManifestResource.graph.roles))
            names += ManifestResource.graph.roles.map { "Microsoft Graph \($0.name)" }
        }
        requiredResourceAccess = resources
        roleNames = names
    }

    /// The JSON to paste, keys sorted and indented as the portal's manifest editor shows it.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    private static func resource(_ appID: String, _ roles: [ApplicationRole]) -> Resource {
        .init(resourceAppId: appID, resourceAccess: roles.map { .init(id: $0.id, type: "Role") })
    }
}

/// An application role the service needs, with where its id comes from.
struct ApplicationRole: Sendable {
    let name: String
    let id: String

    // Office 365 Exchange Online, application id 00000002-0000-0ff1-ce00-000000000000.
    // full_access_as_app: the role the original setup guide prescribes for EWS app-only access
    // with impersonation (Exchange docs, "Authenticate an EWS application by using OAuth").
    static let exchangeFullAccessAsApp = ApplicationRole(name: "full_access_as_app", id: "dc890d15-9560-4a4c-9b7f-a736ec74ec40")

    // Microsoft Graph, application id 00000003-0000-0000-c000-000000000000. Ids of the
    // *application* permissions, checked against the Microsoft Graph permissions reference
    // (https://learn.microsoft.com/graph/permissions-reference, "Identifier", Application
    // column; also published by graphpermissions.merill.net, which is generated from it).
    // The delegated permissions of the same names have other ids.
    static let graphCalendarsReadWrite = ApplicationRole(name: "Calendars.ReadWrite", id: "ef54d2bf-783f-4e0f-bca1-3210c0444d99")
    static let graphContactsReadWrite = ApplicationRole(name: "Contacts.ReadWrite", id: "6918b873-d17a-4dc1-b314-35f528134491")
    static let graphTasksReadWriteAll = ApplicationRole(name: "Tasks.ReadWrite.All", id: "44e666d1-d276-445b-a5fc-8815eeb81d55")
    static let graphMailRead = ApplicationRole(name: "Mail.Read", id: "810c84a8-4a9e-49e6-bf7d-12d183f40d01")
    // Moving from EWS translates the stored ids with translateExchangeIds, which app-only
    // needs User.Read.All (Graph docs, user: translateExchangeIds, "Permissions").
    static let graphUserReadAll = ApplicationRole(name: "User.Read.All", id: "df021288-bdef-4463-88db-98f22de89214")
}

/// The resource APIs the service may need, with their application ids.
enum ManifestResource {
    static let exchangeOnlineAppID = "00000002-0000-0ff1-ce00-000000000000"
    static let microsoftGraphAppID = "00000003-0000-0000-c000-000000000000"

    static let exchange = (appID: exchangeOnlineAppID, roles: [ApplicationRole.exchangeFullAccessAsApp])
    static let graph = (
        appID: microsoftGraphAppID,
        roles: [ApplicationRole.graphCalendarsReadWrite, .graphContactsReadWrite, .graphTasksReadWriteAll, .graphMailRead, .graphUserReadAll]
    )
}
