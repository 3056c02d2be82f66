/// An environment's synchronization policy (the `Sync` section of an `Exchange` entry).
public struct SyncPolicy: Sendable, Hashable, Codable {
    public var contacts: EntitySyncPolicy
    public var appointments: EntitySyncPolicy
    public var tasks: EntitySyncPolicy
    /// The Outlook category that opts an item created in Outlook into the CRM.
    public var category: String
    /// Whether meetings written to Outlook send invitations to their attendees
    /// (`SendToAllAndSaveCopy`) instead of `SendToNone`.
    public var sendMeetingInvitations: Bool

    public static let defaultCategory = "Prextra"

    public init(
        contacts: EntitySyncPolicy = .default, appointments: EntitySyncPolicy = .default, tasks: EntitySyncPolicy = .default,
        category: String = SyncPolicy.defaultCategory, sendMeetingInvitations: Bool = false
    ) {
        self.contacts = contacts
        self.appointments = appointments
        self.tasks = tasks
        self.category = category
        self.sendMeetingInvitations = sendMeetingInvitations
    }

    public static let `default` = SyncPolicy()
}
