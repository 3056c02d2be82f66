import AsyncHTTPClient
import NIOCore

/// The body of an answer did not arrive in time: a server that trickles its body a byte at a
/// time is not stopped by a read timeout, which only measures silence.
public struct ResponseBodyTimeout: Error, Sendable, Hashable, CustomStringConvertible {
    public var seconds: Double
    public init(seconds: Double) { self.seconds = seconds }
    public init(deadline: Duration) {
        let parts = deadline.components
        self.seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
    public var description: String {
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        return "the answer did not arrive within \(shown) s"
    }
}

/// Runs `operation` (reading a response body) and cancels it when `limit` passes first.
public func withResponseBodyDeadline<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw ResponseBodyTimeout(deadline: limit)
        }
        return value
    }
}

extension HTTPClientResponse.Body {
    /// The whole body, at most `maxBytes`, within `limit`.
    public func collect(upTo maxBytes: Int, within limit: Duration) async throws -> ByteBuffer {
        try await withResponseBodyDeadline(limit) { try await self.collect(upTo: maxBytes) }
    }
}
