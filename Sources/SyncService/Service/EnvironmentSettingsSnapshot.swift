import Foundation
import ServiceConfiguration

/// The settings of an environment that give its links, cursors and records their meaning: the
/// tenant and application, where Exchange is, the API, and the sync policy. Kept in the store
/// (`StoredEnvironment.configFingerprint`; never a secret) and compared at each start, so that a
/// changed `TenantId`, `EwsUrl` or policy is noticed and named.
public struct EnvironmentSettingsSnapshot: Codable, Hashable, Sendable {
    public var tenantID: String
    public var applicationID: String
    /// As configured: `Ews`, `Graph` or `Auto`.
    public var api: String
    public var ewsURL: String
    public var graphURL: String
    public var authority: String
    public var sync: SyncPolicy

    public init(_ configuration: EnvironmentConfiguration) {
        tenantID = configuration.tenantID.lowercased()
        applicationID = configuration.applicationID.lowercased()
        api = configuration.api.rawValue
        ewsURL = configuration.ewsURL.absoluteString
        graphURL = configuration.graphURL.absoluteString
        authority = configuration.authority.absoluteString
        sync = configuration.sync
    }

    /// The snapshot as the store keeps it: JSON with sorted keys.
    public var stored: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? ""
    }

    /// The snapshot the store kept; nil for an older store's fingerprint (or none).
    public init?(stored: String?) {
        guard let stored, let decoded = try? JSONDecoder().decode(Self.self, from: Data(stored.utf8)) else { return nil }
        self = decoded
    }

    /// One line per setting that differs from `previous`: `TenantId: old → new`.
    public func changes(since previous: EnvironmentSettingsSnapshot) -> [String] {
        var lines: [String] = []
        func compare(_ name: String, _ old: String, _ new: String) {
            if old != new { lines.append("\(name): \(old) → \(new)") }
        }
        compare("TenantId", previous.tenantID, tenantID)
        compare("ApplicationId", previous.applicationID, applicationID)
        compare("Api", previous.api, api)
        compare("EwsUrl", previous.ewsURL, ewsURL)
        compare("GraphUrl", previous.graphURL, graphURL)
        compare("Authority", previous.authority, authority)
        compare("Sync.Contacts", Self.json(previous.sync.contacts), Self.json(sync.contacts))
        compare("Sync.Appointments", Self.json(previous.sync.appointments), Self.json(sync.appointments))
        compare("Sync.Tasks", Self.json(previous.sync.tasks), Self.json(sync.tasks))
        compare("Sync.Category", previous.sync.category, sync.category)
        compare("Sync.SendMeetingInvitations", String(previous.sync.sendMeetingInvitations), String(sync.sendMeetingInvitations))
        return lines
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "?"
    }
}
