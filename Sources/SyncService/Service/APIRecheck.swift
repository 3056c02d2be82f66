import SyncStore

/// How a running service asks again which API an `Api: Auto` environment left on EWS in
/// Exchange Online should use (`SyncService.Settings.apiRecheckInterval`).
public struct APIRecheck: Sendable {
    /// Whether the Graph roles are granted now (a new token, never a cached one).
    public let graphRolesGranted: @Sendable () async -> Bool
    /// The environment reached through Microsoft Graph, its mailboxes moved first
    /// (`GraphMigration`, writing nothing), and the lines to tell the operator; nil when it
    /// cannot be built. The service calls it with the environment's cycles held.
    public let moveToGraph: @Sendable (_ store: any SyncStore, _ worker: String) async -> (SyncEnvironment, notices: [String])?

    public init(
        graphRolesGranted: @escaping @Sendable () async -> Bool,
        moveToGraph: @escaping @Sendable (_ store: any SyncStore, _ worker: String) async -> (SyncEnvironment, notices: [String])?
    ) {
        self.graphRolesGranted = graphRolesGranted
        self.moveToGraph = moveToGraph
    }
}
