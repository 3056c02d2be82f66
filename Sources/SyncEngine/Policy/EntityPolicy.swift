/// The synchronization rules for one entity kind in one environment.
public struct EntityPolicy: Codable, Sendable, Hashable {
    public var direction: SyncDirection
    public var conflict: ConflictPolicy
    public var delete: DeletePolicy

    public init(direction: SyncDirection = .twoWay, conflict: ConflictPolicy = .crmWins, delete: DeletePolicy = .propagate) {
        self.direction = direction
        self.conflict = conflict
        self.delete = delete
    }

    /// Two-way, CRM wins conflicts, deletes propagate.
    public static let standard = EntityPolicy()
}
