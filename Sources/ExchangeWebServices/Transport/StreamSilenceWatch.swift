import Synchronization

/// Notices a hanging response that went silent: the reader touches it on every chunk, and a
/// watcher asks whether the last touch is older than the limit (a dead connection, since a
/// live one sends keep-alives).
final class StreamSilenceWatch: Sendable {
    let limit: Duration
    private let state: Mutex<(last: ContinuousClock.Instant, fired: Bool, finished: Bool)>

    init(limit: Duration) {
        self.limit = limit
        state = Mutex((ContinuousClock.now, false, false))
    }

    func touch() { state.withLock { $0.last = .now } }

    /// The reading ended on its own; the watcher can stop.
    func finish() { state.withLock { $0.finished = true } }

    /// Whether the watcher gave up on the connection.
    var fired: Bool { state.withLock { $0.fired } }

    /// Waits until the stream is silent for `limit` (returns true, after marking it fired) or
    /// finishes (false).
    func waitForSilence() async -> Bool {
        let step = min(limit / 4, .seconds(1))
        while !Task.isCancelled {
            let verdict: Bool? = state.withLock { state in
                if state.finished { return false }
                if ContinuousClock.now - state.last >= limit {
                    state.fired = true
                    return true
                }
                return nil
            }
            if let verdict { return verdict }
            try? await Task.sleep(for: step)
        }
        return false
    }
}
