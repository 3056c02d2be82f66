import Foundation
import ServiceConfiguration

/// What `config check` prints, as JSON (`--json`) or as text. Built only from values that are
/// safe to show: identifiers, masked credentials, problems (which never hold secrets).
struct ConfigurationCheckReport: Encodable {
    struct Problem: Encodable {
        let severity: ConfigurationProblem.Severity
        let kind: ConfigurationProblemKind
        let location: String
        let key: String
        let message: String
        let fix: String

        init(_ problem: ConfigurationProblem) {
            severity = problem.severity
            kind = problem.kind
            location = problem.location.description
            key = problem.key
            message = problem.message
            fix = problem.fix
        }
    }

    struct Environment: Encodable {
        let position: Int
        let name: String?
        let status: EnvironmentReport.Status
        let api: ExchangeAPI?
        let tenantId: String?
        let applicationId: String?
        let credentialKind: String?
        let credential: String?
        let ewsUrl: String?
        let authority: String?
        let graphUrl: String?
        let mailboxes: Int?
        let problems: [Problem]
    }

    struct APIKey: Encodable {
        let name: String
        let source: String
        /// nil: every environment.
        let environments: [String]?
    }

    struct Service: Encodable {
        let store: String
        let storeKind: String
        let listen: String
        let syncIntervalSeconds: Double
        let concurrencyPerTenant: Int
        let apiKeys: [APIKey]
        let webhookUrl: String?
        let problems: [Problem]
    }

    /// The `--json` answer when the file itself cannot be used.
    struct FileFailure: Encodable {
        let file: String
        let valid = false
        let error: String
    }

    let file: String?
    /// True when nothing has an error.
    let valid: Bool
    let summary: [String: Int]
    let environments: [Environment]
    let service: Service
    let fileProblems: [Problem]

    init(_ loaded: LoadedConfiguration) {
        file = loaded.source?.path
        valid = !loaded.hasErrors
        environments = loaded.environmentReports.map { report in
            let configuration = report.configuration
            return Environment(
                position: report.position, name: report.name, status: report.status, api: report.api,
                tenantId: report.tenantID, applicationId: report.applicationID, credentialKind: report.credentialKind,
                credential: report.credentialDescription, ewsUrl: configuration?.ewsURL.absoluteString,
                authority: configuration?.authority.absoluteString, graphUrl: configuration?.graphURL.absoluteString,
                mailboxes: configuration?.mailboxes.count, problems: report.problems.map(Problem.init))
        }
        var counts: [String: Int] = [:]
        for status in [EnvironmentReport.Status.valid, .warning, .invalid] {
            counts[status.rawValue] = loaded.environmentReports.filter { $0.status == status }.count
        }
        summary = counts
        let settings = loaded.service
        let interval = settings.syncInterval.components
        service = Service(
            store: "\(settings.store)", storeKind: settings.store.kind, listen: settings.listen.description,
            syncIntervalSeconds: Double(interval.seconds) + Double(interval.attoseconds) / 1e18,
            concurrencyPerTenant: settings.concurrencyPerTenant,
            apiKeys: settings.apiKeys.map { APIKey(name: $0.name, source: $0.source.description, environments: $0.environments) },
            webhookUrl: settings.webhook?.url.absoluteString, problems: loaded.serviceProblems.map(Problem.init))
        fileProblems = loaded.fileProblems.map(Problem.init)
    }

    /// The text for a terminal: a table of environments, then every problem with its fix,
    /// then the service settings and a one-line verdict.
    func humanReadable() -> String {
        var text = ""
        if let file { text += "Configuration: \(file)\n\n" }

        if environments.isEmpty {
            text += "No environment in the Exchange section.\n"
        } else {
            var table = TextTable(columns: ["#", "ENVIRONMENT", "STATUS", "API", "TENANT", "APPLICATION", "CREDENTIAL"])
            for environment in environments {
                table.addRow([
                    String(environment.position), environment.name ?? "(no name)", environment.status.rawValue,
                    environment.api?.configurationName ?? "?", environment.tenantId ?? "(invalid)",
                    environment.applicationId ?? "(invalid)", environment.credential ?? "(none)",
                ])
            }
            text += table.rendered()
        }

        let problems = fileProblems + environments.flatMap(\.problems) + service.problems
        if !problems.isEmpty {
            text += "\nProblems:\n"
            for problem in problems {
                text += "  \(problem.severity.rawValue): \(problem.location), key \(problem.key): \(problem.message)\n"
                text += "    fix: \(problem.fix)\n"
            }
        }

        text += "\nService (\(ServiceSettings.sectionName)):\n"
        text += "  store: \(service.store)\n"
        text += "  listen: \(service.listen)\n"
        text += "  sync interval: \(Self.formatSeconds(service.syncIntervalSeconds)), \(service.concurrencyPerTenant) concurrent requests per tenant\n"
        let keys = service.apiKeys.map { key in
            "\(key.name) (\(key.source)\(key.environments.map { ", environments: " + $0.joined(separator: ", ") } ?? ", all environments"))"
        }
        text += "  API keys: \(keys.isEmpty ? "none (only /healthz and /readyz answer)" : keys.joined(separator: "; "))\n"
        if let webhookUrl = service.webhookUrl { text += "  webhook: \(webhookUrl)\n" }

        let invalid = summary["invalid"] ?? 0, warning = summary["warning"] ?? 0, valid = summary["valid"] ?? 0
        text += "\n\(valid) valid, \(warning) with warnings, \(invalid) invalid"
        if service.problems.contains(where: { $0.severity == .error }) { text += "; the service section has errors" }
        text += valid + warning > 0 && !self.valid
            ? ". The service would run with the \(valid + warning) usable environment\(valid + warning == 1 ? "" : "s").\n"
            : ".\n"
        return text
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

