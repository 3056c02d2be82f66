import Foundation

/// The outcome of loading a configuration file: the service settings, every environment's
/// report, and the valid environments to run with.
public struct LoadedConfiguration: Sendable {
    /// The file read, when loaded from a file.
    public let source: URL?
    public let service: ServiceSettings
    /// Problems of the `PrextraSync` section.
    public let serviceProblems: [ConfigurationProblem]
    /// Problems of the file as a whole (no `Exchange` section, a section of the wrong shape).
    public let fileProblems: [ConfigurationProblem]
    /// One report per entry of the `Exchange` list, in file order.
    public let environmentReports: [EnvironmentReport]
    /// Replaces every secret value the file named (client secrets, keys, a store URL) by
    /// `<redacted>`: for texts that did not come from this module, such as an unexpected error.
    public let secretScrubber: SecretScrubber

    public init(
        source: URL?, service: ServiceSettings, serviceProblems: [ConfigurationProblem],
        fileProblems: [ConfigurationProblem], environmentReports: [EnvironmentReport],
        secretScrubber: SecretScrubber = SecretScrubber(secrets: [])
    ) {
        self.secretScrubber = secretScrubber
        self.source = source
        self.service = service
        self.serviceProblems = serviceProblems
        self.fileProblems = fileProblems
        self.environmentReports = environmentReports
    }

    /// The environments to run with: those without errors, in file order.
    public var environments: [EnvironmentConfiguration] { environmentReports.compactMap(\.configuration) }

    /// Every problem: the file's, each environment's, then the service section's.
    public var problems: [ConfigurationProblem] {
        fileProblems + environmentReports.flatMap(\.problems) + serviceProblems
    }

    /// True when any problem is an error: some environment or setting cannot be used.
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    /// The valid environment with this name (compared without case).
    public func environment(named name: String) -> EnvironmentConfiguration? {
        environments.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The report of the entry with this name (compared without case), valid or not.
    public func report(named name: String) -> EnvironmentReport? {
        environmentReports.first { $0.name?.lowercased() == name.lowercased() }
    }
}
