import Synchronization

/// The environments the API serves: the configuration's, and those customers enrol through
/// onboarding while the service runs (``add(_:)``), shared by `serve` and the API server.
public final class ServedEnvironments: Sendable {
    /// Served names by lower-cased name.
    private let served: Mutex<[String: String]>
    private let secrets = Mutex<[String]>([])

    public init(_ names: [String]) {
        served = Mutex(Dictionary(names.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Serves one more environment; a name already served keeps its spelling. `secrets` (its
    /// credential) join the ones every logged error is redacted of.
    public func add(_ name: String, secrets: [String] = []) {
        served.withLock { names in
            if names[name.lowercased()] == nil { names[name.lowercased()] = name }
        }
        self.secrets.withLock { $0.append(contentsOf: secrets) }
    }

    /// The secrets of the environments added while serving: the configuration's are in the
    /// server's `SecretScrubber` from the start, these arrive with `add(_:secrets:)`.
    public var addedSecrets: [String] { secrets.withLock { $0 } }

    /// Every served name, in name order.
    public var names: [String] { served.withLock { Array($0.values) }.sorted() }

    /// The served spelling of `name` (names compare without case).
    public func lookup(_ name: String) -> String? { served.withLock { $0[name.lowercased()] } }
}
