import Foundation
import Synchronization

/// Outlook's Graph limits per app and mailbox: requests in flight (MailboxConcurrency, 4) and
/// requests in any 10 minutes (10,000). Going over either is 429 `ApplicationThrottled` with
/// `Retry-After`.
final class GraphRequestLimits: Sendable {
    private struct Usage {
        var inFlight = 0
        /// Arrival times inside the current 10-minute window, oldest first.
        var recent: [Date] = []
        var head = 0
    }

    enum Decision: Equatable {
        case proceed
        case overConcurrency
        case overRate
    }

    static let window: TimeInterval = 600

    private let usage = Mutex<[String: Usage]>([:])

    func reset() { usage.withLock { $0.removeAll() } }

    private static func key(appId: String, mailbox: String) -> String { "\(appId.lowercased())|\(mailbox.lowercased())" }

    /// Admits a request (counting it in flight until `finish`) or says which limit it is over.
    func admit(appId: String, mailbox: String, settings: FaultSettings, now: Date) -> Decision {
        usage.withLock { all in
            var entry = all[Self.key(appId: appId, mailbox: mailbox)] ?? Usage()
            defer { all[Self.key(appId: appId, mailbox: mailbox)] = entry }
            while entry.head < entry.recent.count, now.timeIntervalSince(entry.recent[entry.head]) >= Self.window { entry.head += 1 }
            if entry.head > 1024 {
                entry.recent.removeFirst(entry.head)
                entry.head = 0
            }
            if entry.recent.count - entry.head >= settings.graphRequestsPerTenMinutes { return .overRate }
            if entry.inFlight >= settings.graphMaxConcurrentRequestsPerMailbox { return .overConcurrency }
            entry.inFlight += 1
            entry.recent.append(now)
            return .proceed
        }
    }

    func finish(appId: String, mailbox: String) {
        usage.withLock { all in
            all[Self.key(appId: appId, mailbox: mailbox), default: Usage()].inFlight -= 1
        }
    }
}
