import Foundation

/// The synchronization rules of one environment.
public struct SyncPolicy: Codable, Sendable, Hashable {
    /// The Outlook category that opts an item created in Outlook in to the CRM (compared case-insensitively).
    public var optInCategory: String
    /// Whether meetings are written with invitations/cancellations sent to attendees. Off by default:
    /// the service never e-mails attendees unless the environment asks for it.
    public var sendMeetingInvitations: Bool
    /// The rules used for a kind that has no entry in `entities`.
    public var defaultEntityPolicy: EntityPolicy
    /// Rules per entity kind, overriding `defaultEntityPolicy`.
    public var entities: [EntityKind: EntityPolicy]

    public static let defaultOptInCategory = "Prextra"

    public init(
        optInCategory: String = SyncPolicy.defaultOptInCategory,
        sendMeetingInvitations: Bool = false,
        defaultEntityPolicy: EntityPolicy = .standard,
        entities: [EntityKind: EntityPolicy] = [:]
    ) {
        self.optInCategory = optInCategory
        self.sendMeetingInvitations = sendMeetingInvitations
        self.defaultEntityPolicy = defaultEntityPolicy
        self.entities = entities
    }

    /// The rules for `kind`.
    public func policy(for kind: EntityKind) -> EntityPolicy { entities[kind] ?? defaultEntityPolicy }

    /// Whether `fields` carry the opt-in category in their `categories` list.
    public func isOptedIn(_ fields: FieldSet) -> Bool {
        guard case .list(let categories)? = fields[FieldName.categories] else { return false }
        let wanted = optInCategory.lowercased()
        return categories.contains { value in
            if case .text(let name) = value { return name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == wanted }
            return false
        }
    }
}
