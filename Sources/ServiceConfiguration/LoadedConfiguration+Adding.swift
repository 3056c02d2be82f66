import Foundation

extension LoadedConfiguration {
    /// The same configuration with `environments` after the file's, as if the file listed them
    /// (environments enrolled through onboarding, read from the store). An environment whose name
    /// the file already uses is left out: the file wins.
    public func adding(_ environments: [EnvironmentConfiguration]) -> LoadedConfiguration {
        let taken = Set(environmentReports.compactMap { $0.name?.lowercased() })
        var reports = environmentReports
        for environment in environments where !taken.contains(environment.name.lowercased()) {
            reports.append(
                EnvironmentReport(
                    position: reports.count, name: environment.name, api: environment.api, tenantID: environment.tenantID,
                    applicationID: environment.applicationID, credentialKind: environment.credential.kind,
                    credentialDescription: environment.credential.maskedDescription, problems: [], configuration: environment))
        }
        return LoadedConfiguration(
            source: source, service: service, serviceProblems: serviceProblems, fileProblems: fileProblems, environmentReports: reports,
            secretScrubber: secretScrubber.adding(environments.map(\.credential.secretValue)))
    }

    /// The same service settings with `environments` only (one environment enrolled while the
    /// service runs, to be made runnable without touching the others).
    public func only(_ environments: [EnvironmentConfiguration]) -> LoadedConfiguration {
        LoadedConfiguration(
            source: source, service: service, serviceProblems: serviceProblems, fileProblems: [], environmentReports: [],
            secretScrubber: secretScrubber
        ).adding(environments)
    }
}
