import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds a lease: one `serve` (or `sync --once`) process, written `host:pid:instance`.
///
/// - The instance is random per service, so two processes never share a name, even containers
///   that all run as pid 1 under the same host name.
/// - Host and pid let a restarted worker recognise the leases of a process of its own host that
///   died without releasing them (`kill -9`, a crash, a power cut) and take them back at once
///   instead of waiting for them to expire.
public struct WorkerIdentity: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var processID: Int32
    public var instance: String

    public init(host: String, processID: Int32, instance: String) {
        self.host = host
        self.processID = processID
        self.instance = instance
    }

    /// A new identity for a worker of this process.
    public static func current() -> WorkerIdentity {
        WorkerIdentity(
            host: thisHost, processID: ProcessInfo.processInfo.processIdentifier, instance: String(UUID().uuidString.lowercased().prefix(8)))
    }

    /// This machine's name in worker ids: `PREXTRA_WORKER_HOST` when set, the host name otherwise.
    ///
    /// Set it where processes that share a host name do not share a process table (containers
    /// run with the host's name but their own pid namespace): a worker would otherwise take
    /// another container's live pid for a dead process of its own host.
    public static var thisHost: String {
        let named = ProcessInfo.processInfo.environment["PREXTRA_WORKER_HOST"]?.trimmingCharacters(in: .whitespaces) ?? ""
        return named.isEmpty ? ProcessInfo.processInfo.hostName : named
    }

    /// Reads `host:pid:instance`; `nil` for any other holder name (an older worker's `host:pid`
    /// included, which is then left to expire).
    public init?(_ holder: String) {
        let parts = holder.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid > 0 else { return nil }
        let instance = String(parts[parts.count - 1])
        guard !instance.isEmpty else { return nil }
        self.init(host: parts.dropLast(2).joined(separator: ":"), processID: pid, instance: instance)
    }

    public var description: String { "\(host):\(processID):\(instance)" }

    /// A worker of this host whose process no longer exists: whatever it held, nobody holds.
    ///
    /// A process that exists (this one under another instance, or an unrelated process that
    /// reused the pid) is taken for alive: the lease then simply runs out.
    public var isDeadProcessOfThisHost: Bool {
        guard host == Self.thisHost else { return false }
        return kill(processID, 0) != 0 && errno == ESRCH
    }
}
