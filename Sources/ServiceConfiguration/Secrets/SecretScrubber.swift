/// Replaces any secret value read from the configuration by `<redacted>` in a text.
public struct SecretScrubber: Sendable {
    private let secrets: [String]

    /// This scrubber, replacing `more` secrets too.
    public func adding(_ more: [String]) -> SecretScrubber { SecretScrubber(secrets: secrets + more) }

    public init(secrets: [String]) {
        // Longest first, so that a secret containing another is replaced whole. Very short
        // values would redact ordinary words; the loader never echoes them anyway.
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    public func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }

    func scrub(_ problem: ConfigurationProblem) -> ConfigurationProblem {
        problem.replacingText(scrub)
    }
}
