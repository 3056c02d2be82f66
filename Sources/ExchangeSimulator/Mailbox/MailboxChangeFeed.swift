import Synchronization

/// Tells listeners (the Graph notification sender, EWS streaming subscriptions) what changed in
/// every mailbox of the simulator, after the change is stored and outside the mailbox's lock.
/// A listener must return at once: it only queues what it will do.
public final class MailboxChangeFeed: Sendable {
    public typealias Listener = @Sendable ([MailboxChange]) -> Void

    private let listeners = Mutex<(next: Int, all: [Int: Listener])>((0, [:]))

    public init() {}

    /// Returns the token that `stopListening` takes.
    @discardableResult
    public func listen(_ listener: @escaping Listener) -> Int {
        listeners.withLock { state in
            let token = state.next
            state.next += 1
            state.all[token] = listener
            return token
        }
    }

    public func stopListening(_ token: Int) {
        _ = listeners.withLock { $0.all.removeValue(forKey: token) }
    }

    func announce(_ changes: [MailboxChange]) {
        guard !changes.isEmpty else { return }
        let current = listeners.withLock { Array($0.all.values) }
        for listener in current { listener(changes) }
    }
}
