import Foundation
import SyncEngine
import SyncService
import SyncStore

/// A mailbox and its synchronization status, as the API and the operator CLI's `--json` show it.
public struct MailboxRepresentation: Encodable, Sendable {
    public struct Failure: Encodable, Sendable {
        public var message: String
        public var diagnostic: String?
        public var at: Date
    }

    public var environment: String
    public var address: String
    public var state: String
    public var enrolledAt: Date
    public var lastAttemptAt: Date?
    public var lastSuccessAt: Date?
    public var lastFailure: Failure?
    public var itemCounts: [String: Int]
    /// Records whose Outlook write the server refused (listed by `…/failures`).
    public var failedItems: Int
    /// The worker that holds the mailbox (see `MailboxHold`), `nil` when no worker runs.
    public var heldBy: String?
    /// When that hold ends unless the worker renews it.
    public var leaseExpiresAt: Date?

    public init(_ status: MailboxStatus, hold: MailboxHold?) {
        environment = status.environment
        address = status.address.rawValue
        state = status.state.rawValue
        enrolledAt = status.enrolledAt
        lastAttemptAt = status.lastAttemptAt
        lastSuccessAt = status.lastSuccessAt
        lastFailure = status.lastFailure.map { Failure(message: $0.message, diagnostic: $0.diagnostic, at: $0.at) }
        var counts: [String: Int] = [:]
        for kind in EntityKind.allCases { counts[kind.rawValue] = status.itemCounts[kind] ?? 0 }
        itemCounts = counts
        failedItems = status.failedItems
        heldBy = hold?.worker
        leaseExpiresAt = hold?.expiresAt
    }

    /// The mailboxes of one environment, each with its hold.
    public static func list(_ statuses: [MailboxStatus], environment: String, store: any SyncStore) async throws -> [MailboxRepresentation] {
        let holds = try await MailboxHold.read(environment: environment, mailboxes: statuses.map(\.address), store: store)
        return statuses.map { MailboxRepresentation($0, hold: holds[$0.address]) }
    }

    enum CodingKeys: String, CodingKey {
        case environment, address, state, enrolledAt, lastAttemptAt, lastSuccessAt, lastFailure, itemCounts, failedItems
        case heldBy, leaseExpiresAt
    }

    /// Absent dates and failures are written as `null`, as the document says.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(environment, forKey: .environment)
        try container.encode(address, forKey: .address)
        try container.encode(state, forKey: .state)
        try container.encode(enrolledAt, forKey: .enrolledAt)
        try container.encode(lastAttemptAt, forKey: .lastAttemptAt)
        try container.encode(lastSuccessAt, forKey: .lastSuccessAt)
        try container.encode(lastFailure, forKey: .lastFailure)
        try container.encode(itemCounts, forKey: .itemCounts)
        try container.encode(failedItems, forKey: .failedItems)
        try container.encode(heldBy, forKey: .heldBy)
        try container.encode(leaseExpiresAt, forKey: .leaseExpiresAt)
    }
}

struct MailboxListRepresentation: Encodable {
    var environment: String
    var mailboxes: [MailboxRepresentation]
}
