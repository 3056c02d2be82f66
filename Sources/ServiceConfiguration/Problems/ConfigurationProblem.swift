/// One thing wrong (error) or suspicious (warning) in the configuration file.
///
/// Each problem says where (`location` + `key`), what is wrong (`message`) and how to fix it
/// (`fix`). Messages never contain a secret value: the loader builds them without secret
/// values and then scrubs any secret it read, as a second line of defence.
public struct ConfigurationProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The environment (or the service section) cannot be used.
        case error
        /// It can be used, but something looks wrong.
        case warning
    }

    public let severity: Severity
    /// Stable, machine-readable kind, for scripts and tests.
    public let kind: ConfigurationProblemKind
    public let location: ConfigurationLocation
    /// The key relative to `location`, e.g. `ClientSecret`, `Sync:Contacts:Direction`, `ApiKeys[1]:Key`.
    public let key: String
    /// What is wrong, in one sentence.
    public let message: String
    /// What to do about it.
    public let fix: String

    public init(
        _ severity: Severity, _ kind: ConfigurationProblemKind, at location: ConfigurationLocation,
        key: String, message: String, fix: String
    ) {
        self.severity = severity
        self.kind = kind
        self.location = location
        self.key = key
        self.message = message
        self.fix = fix
    }

    /// e.g. `error: environment "prextra" (Exchange[0]), key TenantId: … Fix: …`
    public var description: String {
        "\(severity.rawValue): \(location), key \(key): \(message) Fix: \(fix)"
    }

    func replacingText(_ transform: (String) -> String) -> ConfigurationProblem {
        ConfigurationProblem(severity, kind, at: location, key: key, message: transform(message), fix: transform(fix))
    }
}
