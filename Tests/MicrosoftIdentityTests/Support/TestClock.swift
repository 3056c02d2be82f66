import Foundation
import MicrosoftIdentity
import Synchronization

/// A clock tests move by hand; `sleep` records the wait and advances time instead of waiting.
final class TestClock: Sendable {
    private let state: Mutex<(now: Date, sleeps: [Duration])>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        state = Mutex((start, []))
    }

    var now: Date { state.withLock { $0.now } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func advance(by seconds: TimeInterval) { state.withLock { $0.now.addTimeInterval(seconds) } }

    var identityClock: IdentityClock {
        IdentityClock(now: { self.now }, sleep: { duration in
            self.state.withLock {
                $0.sleeps.append(duration)
                $0.now.addTimeInterval(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            }
        })
    }
}
