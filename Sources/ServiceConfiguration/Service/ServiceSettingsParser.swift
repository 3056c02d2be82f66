import Foundation

/// Reads the `PrextraSync` section, falling back to the default of each setting that is
/// absent or invalid (invalid ones are reported as errors).
struct ServiceSettingsParser {
    static let knownKeys = ["Store", "Listen", "ApiKeys", "SyncInterval", "ConcurrencyPerTenant", "Webhook"]

    enum StoreKind: String, ConfigurationEnumValue {
        case sqlite, postgres
        var configurationName: String { self == .sqlite ? "Sqlite" : "Postgres" }
    }

    let resolver: SecretReferenceResolver

    struct Outcome {
        let settings: ServiceSettings
        let problems: [ConfigurationProblem]
        let secretValues: [String]
    }

    func parse(_ value: ConfigurationValue?, environmentNames: [String]) -> Outcome {
        var recorder = ProblemRecorder(location: .service)
        var settings = ServiceSettings.defaults(in: resolver.baseDirectory)
        var secretValues: [String] = []
        let section: ConfigurationSection
        switch value {
        case .section(let found): section = found
        case .null, nil: return Outcome(settings: settings, problems: [], secretValues: [])
        case let other?:
            recorder.error(
                .wrongType, key: "(section)", "must be a section { … } but is \(other.kindDescription).",
                fix: "Write \"\(ServiceSettings.sectionName)\": { \"Listen\": \"127.0.0.1:8080\", … }.")
            return Outcome(settings: settings, problems: recorder.problems, secretValues: [])
        }
        section.recordAmbiguousKeys(prefix: "", into: &recorder)
        section.recordUnknownKeys(known: Self.knownKeys, prefix: "", into: &recorder)

        if let store = readStore(section.section("Store", prefix: "", into: &recorder), secretValues: &secretValues, into: &recorder) {
            settings.store = store
        }
        if let text = section.string("Listen", prefix: "", into: &recorder) {
            if let address = ListenAddress.parse(text) {
                settings.listen = address
            } else {
                recorder.error(
                    .invalidListenAddress, key: "Listen", "is \"\(text)\", which is not host:port.",
                    fix: "Write e.g. \"127.0.0.1:8080\", \"0.0.0.0:8080\" or \"[::1]:8080\".")
            }
        }
        if let text = section.string("SyncInterval", prefix: "", into: &recorder) {
            if let interval = ConfigurationDurationFormat.parse(text), interval >= .seconds(1), interval <= .seconds(86_400) {
                settings.syncInterval = interval
            } else {
                recorder.error(
                    .invalidDuration, key: "SyncInterval", "is \"\(text)\", not a duration from 1 second to 24 hours.",
                    fix: "Write seconds (60) or a number with a unit: \"30s\", \"5m\", \"1h\".")
            }
        }
        if let concurrency = section.integer("ConcurrencyPerTenant", in: 1...64, prefix: "", into: &recorder) {
            settings.concurrencyPerTenant = concurrency
        }
        settings.apiKeys = readAPIKeys(
            in: section, environmentNames: environmentNames, secretValues: &secretValues, into: &recorder)
        settings.webhook = readWebhook(section.section("Webhook", prefix: "", into: &recorder), secretValues: &secretValues, into: &recorder)
        return Outcome(settings: settings, problems: recorder.problems, secretValues: secretValues)
    }

    private func readStore(
        _ section: ConfigurationSection?, secretValues: inout [String], into recorder: inout ProblemRecorder
    ) -> StateStoreLocation? {
        guard let section else { return nil }
        let prefix = "Store:"
        section.recordAmbiguousKeys(prefix: prefix, into: &recorder)
        let kind = section.enumValue("Kind", as: StoreKind.self, prefix: prefix, into: &recorder)
            ?? (section.contains("Kind") ? nil : .sqlite)
        switch kind {
        case .sqlite:
            section.recordUnknownKeys(known: ["Kind", "Path"], prefix: prefix, into: &recorder)
            guard let path = section.string("Path", prefix: prefix, into: &recorder) else { return nil }
            guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
                recorder.error(.missingKey, key: prefix + "Path", "is empty.", fix: "Write the SQLite file's path, e.g. \"./prextra-sync.sqlite\".")
                return nil
            }
            return .sqlite(path: resolver.resolvePath(path))
        case .postgres:
            section.recordUnknownKeys(known: ["Kind"] + SecretReferenceResolver.keys(for: "Url"), prefix: prefix, into: &recorder)
            switch resolver.resolve("Url", in: section, prefix: prefix, what: "PostgreSQL connection URL", into: &recorder) {
            case .absent:
                recorder.error(
                    .missingKey, key: prefix + "Url", "is missing for a Postgres store.",
                    fix: "Add \"UrlVariable\": \"PREXTRA_POSTGRES_URL\" (or Url / UrlFile) holding postgres://user:password@host:5432/database.")
                return nil
            case .failed:
                return nil
            case .resolved(let url, let source):
                secretValues.append(url.value)
                let scheme = url.value.split(separator: ":").first.map { $0.lowercased() }
                guard scheme == "postgres" || scheme == "postgresql", URLComponents(string: url.value)?.host != nil else {
                    recorder.error(
                        .invalidURL, key: prefix + "Url", "is not a postgres:// URL.",
                        fix: "Write postgres://user:password@host:5432/database.")
                    return nil
                }
                return .postgres(url: url, source: source)
            }
        case nil:
            return nil
        }
    }

    private func readAPIKeys(
        in section: ConfigurationSection, environmentNames: [String], secretValues: inout [String],
        into recorder: inout ProblemRecorder
    ) -> [APIKeyConfiguration] {
        guard let value = section.value(forKey: "ApiKeys"), value != .null else { return [] }
        guard case .array(let entries) = value else {
            recorder.error(
                .wrongType, key: "ApiKeys", "must be a list but is \(value.kindDescription).",
                fix: "Write \"ApiKeys\": [ { \"Name\": \"erp\", \"KeyVariable\": \"PREXTRA_ERP_KEY\" } ].")
            return []
        }
        let knownNames = Set(environmentNames.map { $0.lowercased() })
        var keys: [APIKeyConfiguration] = []
        var seenNames = Set<String>()
        for (index, entry) in entries.enumerated() {
            let prefix = "ApiKeys[\(index)]:"
            guard case .section(let keySection) = entry else {
                recorder.error(
                    .wrongType, key: "ApiKeys[\(index)]", "must be a section { \"Name\": …, \"Key\": … } but is \(entry.kindDescription).",
                    fix: "Write each API key as an object.")
                continue
            }
            keySection.recordAmbiguousKeys(prefix: prefix, into: &recorder)
            keySection.recordUnknownKeys(known: ["Name", "Environments"] + SecretReferenceResolver.keys(for: "Key"), prefix: prefix, into: &recorder)
            let name = keySection.string("Name", prefix: prefix, into: &recorder)?.trimmingCharacters(in: .whitespaces)
            if name == nil || name!.isEmpty {
                recorder.error(.missingKey, key: prefix + "Name", "is missing or empty.", fix: "Name the key after its user, e.g. \"erp\" or \"ops\".")
            } else if !seenNames.insert(name!.lowercased()).inserted {
                recorder.error(.duplicateAPIKey, key: prefix + "Name", "\"\(name!)\" is used by an earlier key.", fix: "Give each key its own name.")
            }
            let environments = keySection.stringList("Environments", prefix: prefix, into: &recorder)
            for (position, environment) in (environments ?? []).enumerated() where !knownNames.contains(environment.lowercased()) {
                recorder.warning(
                    .unknownEnvironmentReference, key: "\(prefix)Environments[\(position)]",
                    "names \"\(environment)\", which is not an environment of the Exchange section.",
                    fix: "Use an Environment name from the Exchange section, or remove it.")
            }
            switch resolver.resolve("Key", in: keySection, prefix: prefix, what: "API key", into: &recorder) {
            case .absent:
                recorder.error(
                    .missingKey, key: prefix + "Key", "is missing.",
                    fix: "Add \"KeyVariable\" (or Key / KeyFile) holding a long random value, e.g. from openssl rand -base64 32.")
            case .failed:
                break
            case .resolved(let key, let source):
                secretValues.append(key.value)
                if key.count < 24 {
                    recorder.warning(
                        .weakAPIKey, key: prefix + "Key", "is only \(key.count) characters long.",
                        fix: "Use at least 32 random characters, e.g. openssl rand -base64 32.")
                }
                if keys.contains(where: { $0.key == key }) {
                    recorder.error(
                        .duplicateAPIKey, key: prefix + "Key", "has the same value as an earlier key.",
                        fix: "Give each client its own key so that it can be revoked alone.")
                } else if let name, !name.isEmpty {
                    keys.append(APIKeyConfiguration(name: name, key: key, source: source, environments: environments))
                }
            }
        }
        return keys
    }

    private func readWebhook(
        _ section: ConfigurationSection?, secretValues: inout [String], into recorder: inout ProblemRecorder
    ) -> WebhookConfiguration? {
        guard let section else { return nil }
        let prefix = "Webhook:"
        section.recordAmbiguousKeys(prefix: prefix, into: &recorder)
        section.recordUnknownKeys(known: ["Url"] + SecretReferenceResolver.keys(for: "SigningSecret"), prefix: prefix, into: &recorder)
        var url: URL?
        if let text = section.string("Url", prefix: prefix, into: &recorder) {
            url = EndpointURLRule.validate(
                text, key: prefix + "Url", purpose: "ERP webhook", example: "https://erp.example.com/prextra/changes", into: &recorder)
        } else {
            recorder.error(.missingKey, key: prefix + "Url", "is missing.", fix: "Give the ERP's https URL that receives change events.")
        }
        var signing: (Secret, SecretSource)?
        switch resolver.resolve("SigningSecret", in: section, prefix: prefix, what: "webhook signing secret", into: &recorder) {
        case .absent:
            recorder.error(
                .missingKey, key: prefix + "SigningSecret", "is missing; webhooks are always signed.",
                fix: "Add \"SigningSecretVariable\" (or SigningSecret / SigningSecretFile) holding a random value shared with the ERP.")
        case .failed:
            break
        case .resolved(let secret, let source):
            secretValues.append(secret.value)
            signing = (secret, source)
        }
        guard let url, let signing else { return nil }
        return WebhookConfiguration(url: url, signingSecret: signing.0, signingSecretSource: signing.1)
    }
}
