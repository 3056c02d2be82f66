/// Where the pages that take a customer's credential may be served: over TLS (`serve`
/// terminates it, `PrextraSync:Tls`), or over plain HTTP to a loopback address only (a reverse
/// proxy on the same machine that terminates TLS, or a test).
public struct TransportPolicy: Sendable {
    /// `serve` terminates TLS itself.
    public var servesTLS: Bool

    public init(servesTLS: Bool) {
        self.servesTLS = servesTLS
    }

    public func allows(remoteAddress: String?) -> Bool {
        servesTLS || remoteAddress.map(Self.isLoopback) == true
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }
}
