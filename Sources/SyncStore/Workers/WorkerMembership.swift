import Foundation

/// A worker (one `serve` process) as the workers sharing a store see it: alive while it keeps
/// announcing itself, gone when it withdraws at graceful shutdown or stops announcing (`kill -9`,
/// a lost machine).
public struct WorkerMembership: Sendable, Hashable, Codable {
    /// The worker's name, as in leases and the run history (`host:pid:instance`).
    public var worker: String
    public var startedAt: Date
    /// Its membership lapses at this instant unless it announces itself again.
    public var expiresAt: Date
    /// Whether the membership had not lapsed when the store read it (by the store's clock).
    public var isLive: Bool

    public init(worker: String, startedAt: Date, expiresAt: Date, isLive: Bool) {
        self.worker = worker
        self.startedAt = startedAt
        self.expiresAt = expiresAt
        self.isLive = isLive
    }
}
