import Foundation
import SyncEngine

/// Something only one worker may work on at a time, such as a mailbox's synchronization.
public struct LeaseResource: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The synchronization of one mailbox.
    public static func mailbox(environment: String, address: MailboxAddress) -> LeaseResource {
        LeaseResource(rawValue: "mailbox:\(environment):\(address.rawValue)")
    }

    /// The prefix shared by the mailbox leases of an environment (for `currentLeases(prefix:)`).
    public static func mailboxes(environment: String) -> String { "mailbox:\(environment):" }

    public var description: String { rawValue }
}

/// A worker's time-limited, exclusive hold on a resource.
public struct Lease: Sendable, Hashable, Codable {
    public var resource: LeaseResource
    public var holder: String
    /// The fencing token: grows each time the resource changes hands, so that work committed
    /// under an older lease is recognised and refused.
    public var token: Int64
    public var expiresAt: Date

    public init(resource: LeaseResource, holder: String, token: Int64, expiresAt: Date) {
        self.resource = resource
        self.holder = holder
        self.token = token
        self.expiresAt = expiresAt
    }
}
