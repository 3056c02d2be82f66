/// One thing wrong (error) or suspicious (warning) in the configuration file.
///
/// Each problem says where (`location` + `key`), what is wrong (`message`) and how to fix it
/// (`fix`), in English and in French. Messages never contain a secret value: the loader builds
/// them without secret values and then scrubs any secret it read, as a second line of defence.
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
    public let localizedMessage: BilingualText
    /// What to do about it.
    public let localizedFix: BilingualText

    public init(
        _ severity: Severity, _ kind: ConfigurationProblemKind, at location: ConfigurationLocation,
        key: String, message: BilingualText, fix: BilingualText
    ) {
        self.severity = severity
        self.kind = kind
        self.location = location
        self.key = key
        self.localizedMessage = message
        self.localizedFix = fix
    }

    /// What is wrong, in English.
    public var message: String { localizedMessage.english }
    /// What to do about it, in English.
    public var fix: String { localizedFix.english }

    /// e.g. `error: environment "prextra" (Exchange[0]), key TenantId: … Fix: …`
    public var description: String { description(in: .english) }

    public func description(in language: MessageLanguage) -> String {
        let severityText = language == .french ? (severity == .error ? "erreur" : "avertissement") : severity.rawValue
        let keyWord = language == .french ? "clé" : "key"
        let fixWord = language == .french ? "Correction :" : "Fix:"
        let colon = language == .french ? " :" : ":"
        return "\(severityText)\(colon) \(location.description(in: language)), \(keyWord) \(key)\(colon) "
            + "\(localizedMessage.text(in: language)) \(fixWord) \(localizedFix.text(in: language))"
    }

    func replacingText(_ transform: (String) -> String) -> ConfigurationProblem {
        ConfigurationProblem(
            severity, kind, at: location, key: key, message: localizedMessage.map(transform), fix: localizedFix.map(transform))
    }
}
