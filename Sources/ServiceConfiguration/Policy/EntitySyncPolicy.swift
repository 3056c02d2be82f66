/// How one kind of record (contacts, appointments or tasks) is synchronized.
public struct EntitySyncPolicy: Sendable, Hashable, Codable {
    public var direction: SyncDirection
    public var conflict: ConflictPolicy
    public var delete: DeletePolicy

    public init(direction: SyncDirection = .twoWay, conflict: ConflictPolicy = .crmWins, delete: DeletePolicy = .propagate) {
        self.direction = direction
        self.conflict = conflict
        self.delete = delete
    }

    public static let `default` = EntitySyncPolicy()
}
