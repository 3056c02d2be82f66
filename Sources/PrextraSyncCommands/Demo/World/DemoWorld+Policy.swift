import ServiceConfiguration
import SyncEngine

extension DemoWorld {
    /// The environment's policy in the engine's terms (the configuration's names are the same strings).
    var enginePolicy: SyncEngine.SyncPolicy {
        let sync = environment.sync
        func entity(_ policy: EntitySyncPolicy) -> EntityPolicy {
            EntityPolicy(
                direction: SyncEngine.SyncDirection(rawValue: policy.direction.rawValue) ?? .twoWay,
                conflict: SyncEngine.ConflictPolicy(rawValue: policy.conflict.rawValue) ?? .crmWins,
                delete: SyncEngine.DeletePolicy(rawValue: policy.delete.rawValue) ?? .propagate)
        }
        return SyncEngine.SyncPolicy(
            optInCategory: sync.category, sendMeetingInvitations: sync.sendMeetingInvitations,
            entities: [.contact: entity(sync.contacts), .appointment: entity(sync.appointments), .task: entity(sync.tasks)])
    }
}
