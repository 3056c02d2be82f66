import Foundation

/// Loads an appsettings-style JSON file: the vendor's `Exchange` section (loaded exactly as it
/// is written today), the optional `PrextraSync` section, and nothing else (the ERP's own
/// sections are ignored).
///
/// Keys match without regard to case, as in .NET configuration. A bad environment never stops
/// the others: every entry gets an `EnvironmentReport`, and `LoadedConfiguration.environments`
/// holds the valid ones.
public struct ConfigurationLoader: Sendable {
    public static let exchangeSectionName = "Exchange"

    /// Looked up by `…Variable` keys.
    public var environmentVariables: [String: String]
    /// The clock for expiry warnings.
    public var now: Date

    public init(environmentVariables: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) {
        self.environmentVariables = environmentVariables
        self.now = now
    }

    /// Loads the file at `url`. Relative paths inside it start from the file's folder.
    public func load(contentsOf url: URL) throws(ConfigurationFileError) -> LoadedConfiguration {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        return try load(json: data, baseDirectory: url.deletingLastPathComponent(), source: url)
    }

    /// Loads configuration text; relative paths start from `baseDirectory`.
    public func load(json data: Data, baseDirectory: URL, source: URL? = nil) throws(ConfigurationFileError) -> LoadedConfiguration {
        let path = source?.path ?? "(text)"
        let root: ConfigurationValue
        do {
            root = try ConfigurationJSONReader.read(data)
        } catch {
            throw .invalidJSON(path: path, detail: error.detail)
        }
        guard case .section(let rootSection) = root else { throw .notAnObject(path: path) }

        let resolver = SecretReferenceResolver(environmentVariables: environmentVariables, baseDirectory: baseDirectory)
        var fileRecorder = ProblemRecorder(location: .file)
        for keys in rootSection.ambiguousKeys
        where [Self.exchangeSectionName, ServiceSettings.sectionName].contains(where: { $0.lowercased() == keys[0].lowercased() }) {
            fileRecorder.error(
                .ambiguousKey, key: keys[0],
                BilingualText("is given \(keys.count) times with different case (\(keys.joined(separator: ", "))).",
                              "est donnée \(keys.count) fois avec une casse différente (\(keys.joined(separator: ", ")))."),
                fix: BilingualText("Keep a single \(keys[0]) section.", "Ne garder qu'une section \(keys[0])."))
        }

        var secretValues: [String] = []
        var reports: [EnvironmentReport] = []
        switch rootSection.value(forKey: Self.exchangeSectionName) {
        case .array(let entries):
            let parser = EnvironmentParser(resolver: resolver, now: now)
            for (position, entry) in entries.enumerated() {
                let outcome = parser.parse(entry, position: position)
                reports.append(outcome.report)
                secretValues += outcome.secretValues
            }
            if entries.isEmpty {
                fileRecorder.warning(
                    .noEnvironments, key: Self.exchangeSectionName,
                    BilingualText("is an empty list: no mailbox will be synchronized.", "est une liste vide : aucune boîte aux lettres ne sera synchronisée."),
                    fix: BilingualText(
                        "Add one entry per customer: { \"Environment\": …, \"ApplicationId\": …, \"ClientSecret\": …, \"TenantId\": … }.",
                        "Ajouter une entrée par client : { \"Environment\": …, \"ApplicationId\": …, \"ClientSecret\": …, \"TenantId\": … }."))
            }
        case .null, nil:
            fileRecorder.warning(
                .noEnvironments, key: Self.exchangeSectionName,
                BilingualText("is missing: no mailbox will be synchronized.", "est absente : aucune boîte aux lettres ne sera synchronisée."),
                fix: BilingualText(
                    "Add \"Exchange\": [ { \"Environment\": …, \"ApplicationId\": …, \"ClientSecret\": …, \"TenantId\": … } ].",
                    "Ajouter \"Exchange\": [ { \"Environment\": …, \"ApplicationId\": …, \"ClientSecret\": …, \"TenantId\": … } ]."))
        case let other?:
            fileRecorder.error(
                .wrongType, key: Self.exchangeSectionName,
                BilingualText("must be a list [ … ] but is \(other.kindDescription(in: .english)).",
                              "doit être une liste [ … ] mais est \(other.kindDescription(in: .french))."),
                fix: BilingualText("Write \"Exchange\": [ { … }, { … } ], one object per environment.",
                                   "Écrire \"Exchange\": [ { … }, { … } ], un objet par environnement."))
        }
        reports = rejectingDuplicateNames(reports)
        reports = warningAboutCopiedEntries(reports)

        let service = ServiceSettingsParser(resolver: resolver).parse(
            rootSection.value(forKey: ServiceSettings.sectionName), environmentNames: reports.compactMap(\.name))
        secretValues += service.secretValues

        // Messages are built without secret values; scrubbing every secret read is the second line of defence.
        let scrub = SecretScrubber(secrets: secretValues)
        return LoadedConfiguration(
            source: source, service: service.settings,
            serviceProblems: service.problems.map(scrub.scrub),
            fileProblems: fileRecorder.problems.map(scrub.scrub),
            environmentReports: reports.map { report in
                EnvironmentReport(
                    position: report.position, name: report.name, api: report.api, tenantID: report.tenantID,
                    applicationID: report.applicationID, credentialKind: report.credentialKind,
                    credentialDescription: report.credentialDescription, problems: report.problems.map(scrub.scrub),
                    configuration: report.configuration)
            },
            secretScrubber: scrub)
    }

    /// Warns about an entry that repeats an earlier one's app registration (same tenant and
    /// application: both would synchronize the same mailboxes), or its client secret with another
    /// application (a secret belongs to one app): both are the marks of a copied entry.
    private func warningAboutCopiedEntries(_ reports: [EnvironmentReport]) -> [EnvironmentReport] {
        var registrations: [String: Int] = [:]
        var secrets: [String: (position: Int, applicationID: String)] = [:]
        return reports.map { report in
            guard let configuration = report.configuration else { return report }
            var added: [ConfigurationProblem] = []
            let location = ConfigurationLocation.environment(position: report.position, name: report.name)
            let registration = "\(configuration.tenantID)/\(configuration.applicationID)"
            if let earlier = registrations[registration] {
                let path = ConfigurationLocation.exchangePath(earlier)
                added.append(ConfigurationProblem(
                    .warning, .sameRegistrationTwice, at: location, key: "ApplicationId",
                    message: BilingualText(
                        "has the same TenantId and ApplicationId as \(path): both environments would synchronize the same mailboxes.",
                        "a les mêmes TenantId et ApplicationId que \(path) : les deux environnements synchroniseraient les mêmes boîtes aux lettres."),
                    fix: BilingualText(
                        "Check that this entry was not copied from \(path) without changing its identifiers.",
                        "Vérifier que cette entrée n'a pas été copiée de \(path) sans en changer les identifiants.")))
            } else {
                registrations[registration] = report.position
            }
            if case .secret(let secret, _) = configuration.credential {
                if let earlier = secrets[secret.value], earlier.applicationID != configuration.applicationID {
                    let path = ConfigurationLocation.exchangePath(earlier.position)
                    added.append(ConfigurationProblem(
                        .warning, .sameSecretForTwoApplications, at: location, key: "ClientSecret",
                        message: BilingualText(
                            "is the same secret as \(path), which belongs to another application; a secret is valid for one application only.",
                            "est le même secret que \(path), qui appartient à une autre application ; un secret n'est valable que pour une application."),
                        fix: BilingualText(
                            "Paste this customer's own secret Value.", "Coller la Valeur du secret propre à ce client.")))
                } else if secrets[secret.value] == nil {
                    secrets[secret.value] = (report.position, configuration.applicationID)
                }
            }
            guard !added.isEmpty else { return report }
            return EnvironmentReport(
                position: report.position, name: report.name, api: report.api, tenantID: report.tenantID,
                applicationID: report.applicationID, credentialKind: report.credentialKind,
                credentialDescription: report.credentialDescription, problems: report.problems + added,
                configuration: configuration)
        }
    }

    /// Every entry whose name another entry also uses (without regard to case) is rejected:
    /// the ERP addresses environments by name, so neither can be chosen safely.
    private func rejectingDuplicateNames(_ reports: [EnvironmentReport]) -> [EnvironmentReport] {
        let positionsByName = Dictionary(grouping: reports.filter { $0.name != nil }, by: { $0.name!.lowercased() })
            .mapValues { $0.map(\.position) }
        return reports.map { report in
            guard let name = report.name, let positions = positionsByName[name.lowercased()], positions.count > 1 else {
                return report
            }
            let others = positions.filter { $0 != report.position }.map(ConfigurationLocation.exchangePath)
            let problem = ConfigurationProblem(
                .error, .duplicateEnvironment, at: .environment(position: report.position, name: name), key: "Environment",
                message: BilingualText(
                    "\"\(name)\" is also the name of \(others.joined(separator: ", ")) (names compare without case); neither can be used.",
                    "\"\(name)\" est aussi le nom de \(others.joined(separator: ", ")) (sans tenir compte de la casse) ; aucune des deux entrées n'est utilisable."),
                fix: BilingualText("Give each environment its own name, or remove the extra entry.",
                                   "Donner à chaque environnement son propre nom, ou retirer l'entrée en trop."))
            return EnvironmentReport(
                position: report.position, name: report.name, api: report.api, tenantID: report.tenantID,
                applicationID: report.applicationID, credentialKind: report.credentialKind,
                credentialDescription: report.credentialDescription, problems: report.problems + [problem], configuration: nil)
        }
    }
}
