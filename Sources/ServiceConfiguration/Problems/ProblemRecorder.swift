/// Collects the problems found in one part of the file (one environment, or the service section).
struct ProblemRecorder {
    var location: ConfigurationLocation
    private(set) var problems: [ConfigurationProblem] = []

    init(location: ConfigurationLocation) {
        self.location = location
    }

    var hasErrors: Bool { problems.contains { $0.severity == .error } }

    mutating func error(_ kind: ConfigurationProblemKind, key: String, _ message: BilingualText, fix: BilingualText) {
        problems.append(ConfigurationProblem(.error, kind, at: location, key: key, message: message, fix: fix))
    }

    mutating func warning(_ kind: ConfigurationProblemKind, key: String, _ message: BilingualText, fix: BilingualText) {
        problems.append(ConfigurationProblem(.warning, kind, at: location, key: key, message: message, fix: fix))
    }

    /// Re-labels the problems recorded so far, once the environment's name is known.
    mutating func relocate(to location: ConfigurationLocation) {
        self.location = location
        problems = problems.map {
            ConfigurationProblem($0.severity, $0.kind, at: location, key: $0.key, message: $0.localizedMessage, fix: $0.localizedFix)
        }
    }
}
