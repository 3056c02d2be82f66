import SyncEngine

/// Which worker synchronizes which mailbox, among the live workers sharing a store.
///
/// Rendezvous hashing: every worker scores every mailbox, and the highest score wins. Each worker
/// computes the same answer from the same list of live workers, with no coordination; the
/// mailboxes spread evenly; and a worker that joins or leaves moves only its own share (about one
/// mailbox in n), never reshuffling the others.
///
/// The assignment only decides who *schedules* a mailbox. The mailbox lease still decides who may
/// run a cycle, so two workers that briefly disagree (one has not yet seen the other join) take
/// turns instead of running one mailbox at once.
public struct MailboxAssignment: Sendable, Hashable {
    /// The live workers, sorted.
    public let workers: [String]

    public init(workers: some Sequence<String>) {
        self.workers = Set(workers).sorted()
    }

    /// The worker that should synchronize the mailbox; `nil` when no worker is live.
    public func owner(environment: String, mailbox: MailboxAddress) -> String? {
        let key = environment.lowercased() + "\u{0}" + mailbox.rawValue.lowercased()
        return workers.max { Self.score($0, key) < Self.score($1, key) }
    }

    /// The score of a worker for a key: FNV-1a over both, then SplitMix64's finalizer, so that
    /// similar names (`host:pid:abc1`, `host:pid:abc2`) still score independently. Stable across
    /// processes and machines, unlike Swift's seeded `Hasher`.
    static func score(_ worker: String, _ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in worker.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash = (hash ^ 0xff) &* 0x0000_0100_0000_01b3
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }
}
