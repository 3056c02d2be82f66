import ServiceConfiguration
import SyncEngine

// The configuration module stays free of the engine (it is read by tools that know nothing of
// synchronization), so its policy vocabulary is mapped to the engine's here, in one place. The
// raw values are the same on both sides; a case added on one side fails to compile here.
extension SyncEngine.SyncPolicy {
    /// The engine policy an environment's `Sync` section describes.
    public init(configuration: ServiceConfiguration.SyncPolicy) {
        self.init(
            optInCategory: configuration.category,
            sendMeetingInvitations: configuration.sendMeetingInvitations,
            defaultEntityPolicy: .standard,
            entities: [
                .contact: EntityPolicy(configuration.contacts),
                .appointment: EntityPolicy(configuration.appointments),
                .task: EntityPolicy(configuration.tasks),
            ])
    }
}

extension EntityPolicy {
    init(_ configuration: EntitySyncPolicy) {
        let direction: SyncEngine.SyncDirection =
            switch configuration.direction {
            case .twoWay: .twoWay
            case .crmToOutlook: .crmToOutlook
            case .outlookToCrm: .outlookToCrm
            case .off: .off
            }
        let conflict: SyncEngine.ConflictPolicy =
            switch configuration.conflict {
            case .crmWins: .crmWins
            case .outlookWins: .outlookWins
            case .latestWins: .latestWins
            }
        let delete: SyncEngine.DeletePolicy =
            switch configuration.delete {
            case .propagate: .propagate
            case .unlink: .unlink
            }
        self.init(direction: direction, conflict: conflict, delete: delete)
    }
}
