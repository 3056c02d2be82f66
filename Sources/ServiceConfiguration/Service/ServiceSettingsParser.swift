import Foundation

/// Reads the `PrextraSync` section, falling back to the default of each setting that is
/// absent or invalid (invalid ones are reported as errors).
struct ServiceSettingsParser {
    static let knownKeys = [
        "Store", "Listen", "ApiKeys", "SyncInterval", "SyncIntervalWithNotifications", "ConcurrencyPerTenant", "FailedWriteAttempts",
        "Retention", "Webhook", "PublicUrl", "Onboarding", "Tls",
    ] + SecretReferenceResolver.keys(for: "SecretsKey")

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
                .wrongType, key: "(section)",
                BilingualText("must be a section { … } but is \(other.kindDescription(in: .english)).",
                              "doit être une section { … } mais est \(other.kindDescription(in: .french))."),
                fix: BilingualText("Write \"\(ServiceSettings.sectionName)\": { \"Listen\": \"127.0.0.1:8080\", … }.",
                                   "Écrire \"\(ServiceSettings.sectionName)\": { \"Listen\": \"127.0.0.1:8080\", … }."))
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
                    .invalidListenAddress, key: "Listen",
                    BilingualText("is \"\(text)\", which is not host:port.", "vaut \"\(text)\", qui n'est pas de la forme hôte:port."),
                    fix: BilingualText("Write e.g. \"127.0.0.1:8080\", \"0.0.0.0:8080\" or \"[::1]:8080\".",
                                       "Écrire par exemple \"127.0.0.1:8080\", \"0.0.0.0:8080\" ou \"[::1]:8080\"."))
            }
        }
        if let interval = readInterval("SyncInterval", in: section, into: &recorder) { settings.syncInterval = interval }
        if let interval = readInterval("SyncIntervalWithNotifications", in: section, into: &recorder) {
            settings.syncIntervalWithNotifications = interval
        }
        if let concurrency = section.integer("ConcurrencyPerTenant", in: 1...64, prefix: "", into: &recorder) {
            settings.concurrencyPerTenant = concurrency
        }
        if let attempts = section.integer("FailedWriteAttempts", in: 1...100, prefix: "", into: &recorder) {
            settings.failedWriteAttempts = attempts
        }
        if let retention = section.section("Retention", prefix: "", into: &recorder) {
            retention.recordAmbiguousKeys(prefix: "Retention:", into: &recorder)
            retention.recordUnknownKeys(known: ["HistoryDays", "FeedDays", "TombstoneDays"], prefix: "Retention:", into: &recorder)
            if let days = retention.integer("HistoryDays", in: 1...3650, prefix: "Retention:", into: &recorder) {
                settings.retention.historyDays = days
            }
            if let days = retention.integer("FeedDays", in: 1...3650, prefix: "Retention:", into: &recorder) {
                settings.retention.feedDays = days
            }
            if let days = retention.integer("TombstoneDays", in: 1...3650, prefix: "Retention:", into: &recorder) {
                settings.retention.tombstoneDays = days
            }
        }
        settings.apiKeys = readAPIKeys(
            in: section, environmentNames: environmentNames, secretValues: &secretValues, into: &recorder)
        settings.webhook = readWebhook(section.section("Webhook", prefix: "", into: &recorder), secretValues: &secretValues, into: &recorder)
        settings.secretsKey = readSecretsKey(in: section, secretValues: &secretValues, into: &recorder)
        if let text = section.string("PublicUrl", prefix: "", into: &recorder) {
            settings.publicURL = EndpointURLRule.validate(
                text, key: "PublicUrl", purpose: "public", example: "https://sync.example.com", into: &recorder)
        }
        if let onboarding = section.section("Onboarding", prefix: "", into: &recorder) {
            settings.onboardingEndpoints = readOnboardingEndpoints(onboarding, into: &recorder)
        }
        if let tls = section.section("Tls", prefix: "", into: &recorder) {
            settings.tls = readTLS(tls, secretValues: &secretValues, into: &recorder)
        }
        return Outcome(settings: settings, problems: recorder.problems, secretValues: secretValues)
    }

    /// `Tls: { CertificateFile, KeyFile }`: PEM files, read now so that a bad path or file is
    /// named before `serve` starts.
    private func readTLS(_ section: ConfigurationSection, secretValues: inout [String], into recorder: inout ProblemRecorder) -> TLSSettings? {
        let prefix = "Tls:"
        section.recordAmbiguousKeys(prefix: prefix, into: &recorder)
        section.recordUnknownKeys(known: ["CertificateFile", "KeyFile"], prefix: prefix, into: &recorder)
        func file(_ key: String, _ what: SecretReferenceResolver.SecretName, marker: String, example: String) -> (String, URL)? {
            guard let path = section.string(key, prefix: prefix, into: &recorder) else {
                recorder.error(
                    .missingKey, key: prefix + key, BilingualText("is missing.", "est absente."),
                    fix: BilingualText("Give the \(what.english)'s PEM file, e.g. \"\(example)\".",
                                       "Donner le fichier PEM \(what.frenchOf), par exemple \"\(example)\"."))
                return nil
            }
            guard let text = resolver.readFile(path, key: prefix + key, what: what, into: &recorder) else { return nil }
            guard text.contains(marker) else {
                recorder.error(
                    .unreadableFile, key: prefix + key,
                    BilingualText("names a file that holds no PEM \(what.english) (no \"\(marker)\").",
                                  "nomme un fichier qui ne contient pas \(what.french) en PEM (pas de « \(marker) »)."),
                    fix: BilingualText("Give the PEM file (openssl x509 -in cert.cer -inform der -out cert.pem converts a .cer).",
                                       "Donner le fichier PEM (openssl x509 -in cert.cer -inform der -out cert.pem convertit un .cer)."))
                return nil
            }
            return (text, resolver.resolvePath(path.trimmingCharacters(in: .whitespaces)))
        }
        let certificate = file("CertificateFile", .certificate, marker: "-----BEGIN CERTIFICATE-----", example: "tls/server.pem")
        let key = file("KeyFile", .privateKey, marker: "PRIVATE KEY-----", example: "tls/server.key")
        guard let certificate, let key else { return nil }
        secretValues.append(key.0)
        return TLSSettings(certificateChainPEM: certificate.0, privateKeyPEM: Secret(key.0), certificatePath: certificate.1, keyPath: key.1)
    }

    /// `Onboarding: { Authority, GraphUrl, EwsUrl }`: where onboarded environments reach
    /// Microsoft; each absent or invalid one keeps the global cloud's.
    private func readOnboardingEndpoints(_ section: ConfigurationSection, into recorder: inout ProblemRecorder) -> MicrosoftEndpoints {
        let prefix = "Onboarding:"
        section.recordAmbiguousKeys(prefix: prefix, into: &recorder)
        section.recordUnknownKeys(known: ["Authority", "GraphUrl", "EwsUrl"], prefix: prefix, into: &recorder)
        var endpoints = MicrosoftEndpoints.global
        func url(_ key: String, purpose: String, example: String) -> URL? {
            guard let text = section.string(key, prefix: prefix, into: &recorder) else { return nil }
            guard let url = EndpointURLRule.validate(text, key: prefix + key, purpose: purpose, example: example, into: &recorder) else {
                return nil
            }
            return EndpointURLRule.withoutTrailingSlash(url)
        }
        if let authority = url("Authority", purpose: "Entra ID authority", example: "https://login.microsoftonline.us") {
            endpoints.authority = authority
        }
        if let graph = url("GraphUrl", purpose: "Microsoft Graph", example: "https://graph.microsoft.us") { endpoints.graphURL = graph }
        if let ews = url("EwsUrl", purpose: "EWS", example: "https://outlook.office365.us/EWS/Exchange.asmx") { endpoints.ewsURL = ews }
        return endpoints
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
                recorder.error(
                    .missingKey, key: prefix + "Path", BilingualText("is empty.", "est vide."),
                    fix: BilingualText("Write the SQLite file's path, e.g. \"./prextra-sync.sqlite\".",
                                       "Écrire le chemin du fichier SQLite, par exemple \"./prextra-sync.sqlite\"."))
                return nil
            }
            return .sqlite(path: resolver.resolvePath(path))
        case .postgres:
            section.recordUnknownKeys(known: ["Kind"] + SecretReferenceResolver.keys(for: "Url"), prefix: prefix, into: &recorder)
            switch resolver.resolve("Url", in: section, prefix: prefix, what: .postgresURL, into: &recorder) {
            case .absent:
                recorder.error(
                    .missingKey, key: prefix + "Url",
                    BilingualText("is missing for a Postgres store.", "est absente pour un stockage Postgres."),
                    fix: BilingualText(
                        "Add \"UrlVariable\": \"PREXTRA_POSTGRES_URL\" (or Url / UrlFile) holding postgres://user:password@host:5432/database.",
                        "Ajouter \"UrlVariable\": \"PREXTRA_POSTGRES_URL\" (ou Url / UrlFile) contenant postgres://utilisateur:motdepasse@hôte:5432/base."))
                return nil
            case .failed:
                return nil
            case .resolved(let url, let source):
                secretValues.append(url.value)
                let scheme = url.value.split(separator: ":").first.map { $0.lowercased() }
                guard scheme == "postgres" || scheme == "postgresql", URLComponents(string: url.value)?.host != nil else {
                    recorder.error(
                        .invalidURL, key: prefix + "Url",
                        BilingualText("is not a postgres:// URL.", "n'est pas une URL postgres://."),
                        fix: BilingualText("Write postgres://user:password@host:5432/database.",
                                           "Écrire postgres://utilisateur:motdepasse@hôte:5432/base."))
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
                .wrongType, key: "ApiKeys",
                BilingualText("must be a list but is \(value.kindDescription(in: .english)).",
                              "doit être une liste mais est \(value.kindDescription(in: .french))."),
                fix: BilingualText("Write \"ApiKeys\": [ { \"Name\": \"erp\", \"KeyVariable\": \"PREXTRA_ERP_KEY\" } ].",
                                   "Écrire \"ApiKeys\": [ { \"Name\": \"erp\", \"KeyVariable\": \"PREXTRA_ERP_KEY\" } ]."))
            return []
        }
        let knownNames = Set(environmentNames.map { $0.lowercased() })
        var keys: [APIKeyConfiguration] = []
        var seenNames = Set<String>()
        for (index, entry) in entries.enumerated() {
            let prefix = "ApiKeys[\(index)]:"
            guard case .section(let keySection) = entry else {
                recorder.error(
                    .wrongType, key: "ApiKeys[\(index)]",
                    BilingualText("must be a section { \"Name\": …, \"Key\": … } but is \(entry.kindDescription(in: .english)).",
                                  "doit être une section { \"Name\": …, \"Key\": … } mais est \(entry.kindDescription(in: .french))."),
                    fix: BilingualText("Write each API key as an object.", "Écrire chaque clé d'API comme un objet."))
                continue
            }
            keySection.recordAmbiguousKeys(prefix: prefix, into: &recorder)
            keySection.recordUnknownKeys(known: ["Name", "Environments"] + SecretReferenceResolver.keys(for: "Key"), prefix: prefix, into: &recorder)
            let name = keySection.string("Name", prefix: prefix, into: &recorder)?.trimmingCharacters(in: .whitespaces)
            if name == nil || name!.isEmpty {
                recorder.error(
                    .missingKey, key: prefix + "Name", BilingualText("is missing or empty.", "est absente ou vide."),
                    fix: BilingualText("Name the key after its user, e.g. \"erp\" or \"ops\".",
                                       "Nommer la clé d'après son utilisateur, par exemple \"erp\" ou \"ops\"."))
            } else if !seenNames.insert(name!.lowercased()).inserted {
                recorder.error(
                    .duplicateAPIKey, key: prefix + "Name",
                    BilingualText("\"\(name!)\" is used by an earlier key.", "\"\(name!)\" est déjà le nom d'une clé précédente."),
                    fix: BilingualText("Give each key its own name.", "Donner à chaque clé son propre nom."))
            }
            let environments = keySection.stringList("Environments", prefix: prefix, into: &recorder)
            for (position, environment) in (environments ?? []).enumerated() where !knownNames.contains(environment.lowercased()) {
                recorder.warning(
                    .unknownEnvironmentReference, key: "\(prefix)Environments[\(position)]",
                    BilingualText("names \"\(environment)\", which is not an environment of the Exchange section.",
                                  "nomme \"\(environment)\", qui n'est pas un environnement de la section Exchange."),
                    fix: BilingualText("Use an Environment name from the Exchange section, or remove it.",
                                       "Utiliser un nom Environment de la section Exchange, ou le retirer."))
            }
            switch resolver.resolve("Key", in: keySection, prefix: prefix, what: .apiKey, into: &recorder) {
            case .absent:
                recorder.error(
                    .missingKey, key: prefix + "Key", BilingualText("is missing.", "est absente."),
                    fix: BilingualText(
                        "Add \"KeyVariable\" (or Key / KeyFile) holding a long random value, e.g. from openssl rand -base64 32.",
                        "Ajouter \"KeyVariable\" (ou Key / KeyFile) contenant une longue valeur aléatoire, par exemple tirée de openssl rand -base64 32."))
            case .failed:
                break
            case .resolved(let key, let source):
                secretValues.append(key.value)
                if key.count < 24 {
                    recorder.warning(
                        .weakAPIKey, key: prefix + "Key",
                        BilingualText("is only \(key.count) characters long.", "ne fait que \(key.count) caractères."),
                        fix: BilingualText("Use at least 32 random characters, e.g. openssl rand -base64 32.",
                                           "Utiliser au moins 32 caractères aléatoires, par exemple openssl rand -base64 32."))
                }
                if keys.contains(where: { $0.key == key }) {
                    recorder.error(
                        .duplicateAPIKey, key: prefix + "Key",
                        BilingualText("has the same value as an earlier key.", "a la même valeur qu'une clé précédente."),
                        fix: BilingualText("Give each client its own key so that it can be revoked alone.",
                                           "Donner à chaque client sa propre clé, pour pouvoir la révoquer seule."))
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
            recorder.error(
                .missingKey, key: prefix + "Url", BilingualText("is missing.", "est absente."),
                fix: BilingualText("Give the ERP's https URL that receives change events.",
                                   "Donner l'URL https de l'ERP qui reçoit les événements de modification."))
        }
        var signing: (Secret, SecretSource)?
        switch resolver.resolve("SigningSecret", in: section, prefix: prefix, what: .webhookSecret, into: &recorder) {
        case .absent:
            recorder.error(
                .missingKey, key: prefix + "SigningSecret",
                BilingualText("is missing; webhooks are always signed.", "est absente ; les webhooks sont toujours signés."),
                fix: BilingualText(
                    "Add \"SigningSecretVariable\" (or SigningSecret / SigningSecretFile) holding a random value shared with the ERP.",
                    "Ajouter \"SigningSecretVariable\" (ou SigningSecret / SigningSecretFile) contenant une valeur aléatoire partagée avec l'ERP."))
        case .failed:
            break
        case .resolved(let secret, let source):
            secretValues.append(secret.value)
            signing = (secret, source)
        }
        guard let url, let signing else { return nil }
        return WebhookConfiguration(url: url, signingSecret: signing.0, signingSecretSource: signing.1)
    }

    /// 32 random bytes, base64 (`openssl rand -base64 32`): the key that seals onboarded credentials.
    private func readSecretsKey(
        in section: ConfigurationSection, secretValues: inout [String], into recorder: inout ProblemRecorder
    ) -> Secret? {
        guard case .resolved(let secret, _) = resolver.resolve("SecretsKey", in: section, prefix: "", what: .secretsKey, into: &recorder)
        else { return nil }
        secretValues.append(secret.value)
        let text = secret.value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count == 32 else {
            recorder.error(
                .invalidSecretsKey, key: "SecretsKey",
                BilingualText("is not 32 bytes written in base64.", "n'est pas une suite de 32 octets écrite en base64."),
                fix: BilingualText(
                    "Make one with openssl rand -base64 32 > secrets.key (readable by the service only) and give \"SecretsKeyFile\": \"secrets.key\". Keep a copy: without it, onboarded credentials cannot be read.",
                    "En créer une avec openssl rand -base64 32 > secrets.key (lisible par le seul service) et indiquer \"SecretsKeyFile\": \"secrets.key\". En garder une copie : sans elle, les identifiants enregistrés par l'intégration ne peuvent plus être lus."))
            return nil
        }
        return Secret(text)
    }

    /// A duration from 1 second to 24 hours.
    private func readInterval(_ key: String, in section: ConfigurationSection, into recorder: inout ProblemRecorder) -> Duration? {
        guard let text = section.string(key, prefix: "", into: &recorder) else { return nil }
        if let interval = ConfigurationDurationFormat.parse(text), interval >= .seconds(1), interval <= .seconds(86_400) {
            return interval
        }
        recorder.error(
            .invalidDuration, key: key,
            BilingualText("is \"\(text)\", not a duration from 1 second to 24 hours.",
                          "vaut \"\(text)\", qui n'est pas une durée de 1 seconde à 24 heures."),
            fix: BilingualText("Write seconds (60) or a number with a unit: \"30s\", \"5m\", \"1h\".",
                               "Écrire des secondes (60) ou un nombre avec une unité : \"30s\", \"5m\", \"1h\"."))
        return nil
    }
}
