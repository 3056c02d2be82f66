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

        init(_ problem: ConfigurationProblem, language: MessageLanguage) {
            severity = problem.severity
            kind = problem.kind
            location = problem.location.description(in: language)
            key = problem.key
            message = problem.localizedMessage.text(in: language)
            fix = problem.localizedFix.text(in: language)
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
        /// `Notifications:Url`, when notifications are on.
        let notificationUrl: String?
        let mailboxes: Int?
        /// The `Email` section as it applies (`Off` when absent or refused); nil when the environment is invalid.
        let email: EmailTracking?
        let problems: [Problem]
    }

    struct EmailTracking: Encodable {
        let track: String
        let category: String
        let lookbackDays: Int
        let maxBodyBytes: Int

        init(_ settings: EmailTrackingSettings) {
            track = settings.mode.configurationName
            category = settings.category
            lookbackDays = settings.lookbackDays
            maxBodyBytes = settings.maxBodyBytes
        }
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
        /// The interval of mailboxes whose Graph notifications are healthy.
        let syncIntervalWithNotificationsSeconds: Double
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

    /// - Parameter language: the language of problem messages and fixes.
    init(_ loaded: LoadedConfiguration, language: MessageLanguage) {
        func problems(_ list: [ConfigurationProblem]) -> [Problem] { list.map { Problem($0, language: language) } }
        file = loaded.source?.path
        valid = !loaded.hasErrors
        environments = loaded.environmentReports.map { report in
            let configuration = report.configuration
            return Environment(
                position: report.position, name: report.name, status: report.status, api: report.api,
                tenantId: report.tenantID, applicationId: report.applicationID, credentialKind: report.credentialKind,
                credential: report.credentialDescription, ewsUrl: configuration?.ewsURL.absoluteString,
                authority: configuration?.authority.absoluteString, graphUrl: configuration?.graphURL.absoluteString,
                notificationUrl: configuration?.notifications?.url.absoluteString, mailboxes: configuration?.mailboxes.count,
                email: configuration.map { EmailTracking($0.email) }, problems: problems(report.problems))
        }
        var counts: [String: Int] = [:]
        for status in [EnvironmentReport.Status.valid, .warning, .invalid] {
            counts[status.rawValue] = loaded.environmentReports.filter { $0.status == status }.count
        }
        summary = counts
        let settings = loaded.service
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        service = Service(
            store: "\(settings.store)", storeKind: settings.store.kind, listen: settings.listen.description,
            syncIntervalSeconds: seconds(settings.syncInterval),
            syncIntervalWithNotificationsSeconds: seconds(settings.syncIntervalWithNotifications),
            concurrencyPerTenant: settings.concurrencyPerTenant,
            apiKeys: settings.apiKeys.map { APIKey(name: $0.name, source: $0.source.description, environments: $0.environments) },
            webhookUrl: settings.webhook?.url.absoluteString, problems: problems(loaded.serviceProblems))
        fileProblems = problems(loaded.fileProblems)
    }

    /// The text for a terminal: a table of environments, then every problem with its fix,
    /// then the service settings and a one-line verdict.
    func humanReadable(in language: MessageLanguage) -> String {
        let fr = language == .french
        // French typography puts a space before the colon.
        let colon = fr ? " :" : ":"
        func status(_ status: EnvironmentReport.Status) -> String {
            guard fr else { return status.rawValue }
            switch status {
            case .valid: return "valide"
            case .warning: return "avertissement"
            case .invalid: return "invalide"
            }
        }
        var text = ""
        if let file { text += "\(fr ? "Configuration :" : "Configuration:") \(file)\n\n" }

        if environments.isEmpty {
            text += fr ? "Aucun environnement dans la section Exchange.\n" : "No environment in the Exchange section.\n"
        } else {
            var table = TextTable(columns: fr
                ? ["#", "ENVIRONNEMENT", "ÉTAT", "API", "LOCATAIRE", "APPLICATION", "IDENTIFIANT"]
                : ["#", "ENVIRONMENT", "STATUS", "API", "TENANT", "APPLICATION", "CREDENTIAL"])
            let invalid = fr ? "(invalide)" : "(invalid)"
            for environment in environments {
                table.addRow([
                    String(environment.position), environment.name ?? (fr ? "(sans nom)" : "(no name)"), status(environment.status),
                    environment.api?.configurationName ?? "?", environment.tenantId ?? invalid,
                    environment.applicationId ?? invalid, environment.credential ?? (fr ? "(aucun)" : "(none)"),
                ])
            }
            text += table.rendered()
        }

        let problems = fileProblems + environments.flatMap(\.problems) + service.problems
        if !problems.isEmpty {
            text += fr ? "\nProblèmes :\n" : "\nProblems:\n"
            for problem in problems {
                let severity = fr ? (problem.severity == .error ? "erreur" : "avertissement") : problem.severity.rawValue
                text += "  \(severity)\(colon) \(problem.location), \(fr ? "clé" : "key") \(problem.key)\(colon) \(problem.message)\n"
                text += "    \(fr ? "correction" : "fix")\(colon) \(problem.fix)\n"
            }
        }

        text += emailTrackingLines(french: fr, colon: colon)

        text += "\nService (\(ServiceSettings.sectionName))\(colon)\n"
        text += "  \(fr ? "stockage" : "store")\(colon) \(service.store)\n"
        text += "  \(fr ? "écoute" : "listen")\(colon) \(service.listen)\n"
        text += fr
            ? "  intervalle de synchronisation : \(Self.formatSeconds(service.syncIntervalSeconds)), \(service.concurrencyPerTenant) requêtes simultanées par locataire\n"
            : "  sync interval: \(Self.formatSeconds(service.syncIntervalSeconds)), \(service.concurrencyPerTenant) concurrent requests per tenant\n"
        if environments.contains(where: { $0.notificationUrl != nil }) {
            text += fr
                ? "  intervalle avec notifications Graph : \(Self.formatSeconds(service.syncIntervalWithNotificationsSeconds))\n"
                : "  sync interval with Graph notifications: \(Self.formatSeconds(service.syncIntervalWithNotificationsSeconds))\n"
        }
        let keys = service.apiKeys.map { key in
            let scope = key.environments.map { (fr ? ", environnements : " : ", environments: ") + $0.joined(separator: ", ") }
                ?? (fr ? ", tous les environnements" : ", all environments")
            return "\(key.name) (\(key.source)\(scope))"
        }
        let noKeys = fr ? "aucune (seuls /healthz et /readyz répondent)" : "none (only /healthz and /readyz answer)"
        text += "  \(fr ? "clés d'API" : "API keys")\(colon) \(keys.isEmpty ? noKeys : keys.joined(separator: "; "))\n"
        if let webhookUrl = service.webhookUrl { text += "  webhook\(colon) \(webhookUrl)\n" }

        let invalid = summary["invalid"] ?? 0, warning = summary["warning"] ?? 0, valid = summary["valid"] ?? 0
        let usable = valid + warning
        text += fr
            ? "\n\(valid) valide(s), \(warning) avec avertissements, \(invalid) invalide(s)"
            : "\n\(valid) valid, \(warning) with warnings, \(invalid) invalid"
        if service.problems.contains(where: { $0.severity == .error }) {
            text += fr ? " ; la section du service contient des erreurs" : "; the service section has errors"
        }
        if usable > 0 && !self.valid {
            text += fr
                ? ". Le service fonctionnerait avec \(usable) environnement(s) utilisable(s).\n"
                : ". The service would run with the \(usable) usable environment\(usable == 1 ? "" : "s").\n"
        } else {
            text += ".\n"
        }
        return text
    }

    /// Which environments track mail, and how: a privacy decision an operator must see at a glance.
    private func emailTrackingLines(french fr: Bool, colon: String) -> String {
        let tracking = environments.filter { ($0.email?.track ?? "Off") != ServiceConfiguration.EmailTrackingMode.off.configurationName }
        guard !tracking.isEmpty else {
            return fr ? "\nSuivi des e-mails : désactivé (Off) dans tous les environnements.\n" : "\nE-mail tracking: Off in every environment.\n"
        }
        var text = fr ? "\nSuivi des e-mails :\n" : "\nE-mail tracking:\n"
        for environment in tracking {
            guard let email = environment.email else { continue }
            text += fr
                ? "  \(environment.name ?? "?")\(colon) \(email.track), catégorie \"\(email.category)\", \(email.lookbackDays) jours en arrière, corps limités à \(email.maxBodyBytes) octets\n"
                : "  \(environment.name ?? "?")\(colon) \(email.track), category \"\(email.category)\", looking back \(email.lookbackDays) days, bodies cut at \(email.maxBodyBytes) bytes\n"
        }
        return text
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

