import ServiceConfiguration
import SyncStore

/// What a start finds when it compares an environment's configuration with the settings the
/// store last saw (`EnvironmentSettingsSnapshot`).
public enum ConfigurationChangeCheck {
    public enum Outcome: Sendable, Hashable {
        /// As last time, or first seen (the settings are recorded).
        case unchanged
        /// Changed in ways the links survive: recorded, and named one per line.
        case changed([String])
        /// Changed in a way that would orphan the links: not recorded, and why (with the fix).
        case refused(String)
    }

    /// Compares and, unless refused, records the configuration's settings. Another `TenantId`
    /// with links in the store is refused: the links point at items of the old tenant, which the
    /// new one does not have, and a cycle would take every one of them for deleted. The operator
    /// confirms such a change with `prextra-sync config accept`, which records it.
    public static func check(_ configuration: EnvironmentConfiguration, store: any SyncStore) async throws -> Outcome {
        let snapshot = EnvironmentSettingsSnapshot(configuration)
        let stored = try await store.environment(configuration.name)
        guard let stored, let previous = EnvironmentSettingsSnapshot(stored: stored.configFingerprint) else {
            try await store.registerEnvironment(configuration.name, configFingerprint: snapshot.stored)
            return .unchanged
        }
        guard previous != snapshot else { return .unchanged }
        if previous.tenantID != snapshot.tenantID {
            let links = try await store.mailboxes(environment: configuration.name, state: nil)
                .reduce(0) { $0 + $1.itemCounts.values.reduce(0, +) }
            if links > 0 {
                return .refused(
                    "its TenantId changed from \(previous.tenantID) to \(snapshot.tenantID), and its \(links) link(s) point at items of "
                        + "the old tenant: a cycle would take each of them for deleted. Restore the TenantId; or, if the mailboxes moved "
                        + "to the new tenant with their items, run `prextra-sync config accept --environment \(configuration.name)` "
                        + "(the next cycles re-read every folder and re-find the items by their tags).")
            }
        }
        try await store.registerEnvironment(configuration.name, configFingerprint: snapshot.stored)
        return .changed(snapshot.changes(since: previous))
    }

    /// Records the configuration's settings whatever changed, and makes every mailbox's next
    /// cycle re-read its folders from the start: what `config accept` does once the operator
    /// confirmed a change of tenant.
    /// - Returns: what changed, one per line.
    public static func accept(_ configuration: EnvironmentConfiguration, store: any SyncStore) async throws -> [String] {
        let snapshot = EnvironmentSettingsSnapshot(configuration)
        let previous = EnvironmentSettingsSnapshot(stored: try await store.environment(configuration.name)?.configFingerprint)
        try await store.registerEnvironment(configuration.name, configFingerprint: snapshot.stored)
        for mailbox in try await store.mailboxes(environment: configuration.name, state: nil) {
            var work = UnitOfWork(environment: configuration.name)
            for (folder, state) in try await store.syncStates(environment: configuration.name, mailbox: mailbox.address) {
                work.setSyncState(mailbox: mailbox.address, folderID: folder, from: state, to: nil)
            }
            if !work.operations.isEmpty { _ = try await store.commit(work) }
        }
        return previous.map { snapshot.changes(since: $0) } ?? []
    }
}
