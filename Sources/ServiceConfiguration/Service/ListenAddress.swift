/// The address the HTTP API listens on.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:8080`: loopback only until the operator decides otherwise.
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 8080)

    /// Parses `host:port`, `[v6]:port` or `:port` (all interfaces).
    public static func parse(_ text: String) -> ListenAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let host: Substring, portText: Substring
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else { return nil }
            host = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            let rest = trimmed[trimmed.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = trimmed.lastIndex(of: ":") else { return nil }
            host = trimmed[..<colon]
            portText = trimmed[trimmed.index(after: colon)...]
            guard !host.contains(":") else { return nil }
        }
        guard let port = Int(portText), (0...65_535).contains(port) else { return nil }
        return ListenAddress(host: host.isEmpty ? "0.0.0.0" : String(host), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
