import Foundation

/// The time source and the way to wait, injected so tests never wait in real time.
public struct IdentityClock: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// Wall-clock time and `Task.sleep`.
    public static let system = IdentityClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })
}
