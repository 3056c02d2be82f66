import Foundation

/// When an environment may call Exchange again after being throttled.
///
/// Exchange's own `BackOffMilliseconds` is honoured when it gives one; otherwise the wait doubles
/// with each throttled cycle in a row (from `base`, up to `maximum`) and resets on success. Only
/// the throttled environment waits: the others keep their schedule.
actor ThrottleBackoff {
    private let base: Duration
    private let maximum: Duration
    private var strikes: [String: Int] = [:]
    private var until: [String: Date] = [:]

    init(base: Duration = .seconds(5), maximum: Duration = .seconds(300)) {
        self.base = base
        self.maximum = maximum
    }

    /// Records a throttled cycle; returns when the environment may try again.
    @discardableResult
    func throttled(_ environment: String, serverBackOff: Duration?, now: Date) -> Date {
        let strike = strikes[environment, default: 0]
        strikes[environment] = strike + 1
        var wait = base * (1 << min(strike, 16))
        if let serverBackOff, serverBackOff > wait { wait = serverBackOff }
        if wait > maximum { wait = maximum }
        let next = now.addingTimeInterval(wait.seconds)
        until[environment] = max(next, until[environment] ?? next)
        return until[environment]!
    }

    func succeeded(_ environment: String) {
        strikes[environment] = nil
        until[environment] = nil
    }

    /// The instant before which the environment should not call Exchange, if throttled.
    func notBefore(_ environment: String, now: Date) -> Date? {
        guard let date = until[environment], date > now else { return nil }
        return date
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
