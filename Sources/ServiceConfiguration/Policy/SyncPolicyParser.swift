/// Reads the `Sync` section of an environment.
///
/// `Direction`, `Conflict` and `Delete` given directly under `Sync` apply to every kind of
/// record; the same keys under `Contacts`, `Appointments` or `Tasks` override them for that kind.
enum SyncPolicyParser {
    static let entityKeys = ["Contacts", "Appointments", "Tasks"]
    static let ruleKeys = ["Direction", "Conflict", "Delete"]
    static let knownKeys = entityKeys + ruleKeys + ["Category", "SendMeetingInvitations"]

    static func parse(_ section: ConfigurationSection?, into recorder: inout ProblemRecorder) -> SyncPolicy {
        guard let section else { return .default }
        let prefix = "Sync:"
        section.recordAmbiguousKeys(prefix: prefix, into: &recorder)
        section.recordUnknownKeys(known: knownKeys, prefix: prefix, into: &recorder)

        let shared = rules(in: section, base: .default, prefix: prefix, into: &recorder)
        func entity(_ key: String) -> EntitySyncPolicy {
            guard let entitySection = section.section(key, prefix: prefix, into: &recorder) else { return shared }
            let entityPrefix = "\(prefix)\(key):"
            entitySection.recordAmbiguousKeys(prefix: entityPrefix, into: &recorder)
            entitySection.recordUnknownKeys(known: ruleKeys, prefix: entityPrefix, into: &recorder)
            return rules(in: entitySection, base: shared, prefix: entityPrefix, into: &recorder)
        }

        var policy = SyncPolicy(contacts: entity("Contacts"), appointments: entity("Appointments"), tasks: entity("Tasks"))
        if let category = section.string("Category", prefix: prefix, into: &recorder),
            let name = CategoryNameRule.validate(
                category, key: prefix + "Category",
                fix: BilingualText("Write the name users give items to send them to the CRM",
                                   "Écrire le nom que les utilisateurs donnent aux éléments à envoyer au CRM"),
                into: &recorder)
        {
            policy.category = name
        }
        if let send = section.bool("SendMeetingInvitations", prefix: prefix, into: &recorder) {
            policy.sendMeetingInvitations = send
        }
        return policy
    }

    private static func rules(
        in section: ConfigurationSection, base: EntitySyncPolicy, prefix: String, into recorder: inout ProblemRecorder
    ) -> EntitySyncPolicy {
        var policy = base
        if let direction = section.enumValue("Direction", as: SyncDirection.self, prefix: prefix, into: &recorder) {
            policy.direction = direction
        }
        if let conflict = section.enumValue("Conflict", as: ConflictPolicy.self, prefix: prefix, into: &recorder) {
            policy.conflict = conflict
        }
        if let delete = section.enumValue("Delete", as: DeletePolicy.self, prefix: prefix, into: &recorder) {
            policy.delete = delete
        }
        return policy
    }
}
