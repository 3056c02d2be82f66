import Foundation

/// Validates one entry of the `Exchange` list and builds its `EnvironmentReport`.
struct EnvironmentParser {
    static let knownKeys = [
        "Environment", "ApplicationId", "TenantId",
        "ClientSecret", "ClientSecretVariable", "ClientSecretFile", "ClientSecretExpiresOn",
        "CertificateFile", "CertificatePrivateKey", "CertificatePrivateKeyVariable", "CertificatePrivateKeyFile",
        "Api", "EwsUrl", "Authority", "GraphUrl", "ExchangeVersion", "Mailboxes", "Sync", "Notifications", "Email",
    ]

    /// Secrets expiring within this many days get a warning.
    static let expiryWarningDays = 30

    let resolver: SecretReferenceResolver
    let now: Date

    struct Outcome {
        let report: EnvironmentReport
        /// Every secret value read for this entry, so that the loader can scrub messages.
        let secretValues: [String]
    }

    func parse(_ value: ConfigurationValue, position: Int) -> Outcome {
        var recorder = ProblemRecorder(location: .environment(position: position, name: nil))
        guard case .section(let section) = value else {
            recorder.error(
                .wrongType, key: "(entry)",
                BilingualText(
                    "must be a section { \"Environment\": …, \"ApplicationId\": …, … } but is \(value.kindDescription(in: .english)).",
                    "doit être une section { \"Environment\": …, \"ApplicationId\": …, … } mais est \(value.kindDescription(in: .french))."),
                fix: BilingualText("Write each environment as an object inside the Exchange list.",
                                   "Écrire chaque environnement comme un objet dans la liste Exchange."))
            return Outcome(report: emptyReport(position: position, name: nil, recorder: recorder), secretValues: [])
        }

        // The name first, so that every later message can use it.
        let name = environmentName(in: section, into: &recorder)
        if let name { recorder.relocate(to: .environment(position: position, name: name)) }

        section.recordAmbiguousKeys(prefix: "", into: &recorder)
        section.recordUnknownKeys(known: Self.knownKeys, prefix: "", into: &recorder)

        let applicationIDText = section.string("ApplicationId", prefix: "", into: &recorder)
        let applicationID = applicationIDText.flatMap { checkApplicationID($0, into: &recorder) }
        if applicationIDText == nil, !recorder.problems.contains(where: { $0.key == "ApplicationId" }) {
            recorder.error(
                .missingKey, key: "ApplicationId", BilingualText("is missing.", "est absente."),
                fix: BilingualText(
                    "Add \"ApplicationId\": the Application (client) ID shown on the app registration's Overview page in Entra ID.",
                    "Ajouter \"ApplicationId\" : l'ID d'application (client) affiché sur la page Vue d'ensemble de l'inscription d'application dans Entra ID."))
        }
        let tenantIDText = section.string("TenantId", prefix: "", into: &recorder)
        let tenantID = tenantIDText.flatMap { checkTenantID($0, into: &recorder) }
        if tenantIDText == nil, !recorder.problems.contains(where: { $0.key == "TenantId" }) {
            recorder.error(
                .missingKey, key: "TenantId", BilingualText("is missing.", "est absente."),
                fix: BilingualText(
                    "Add \"TenantId\": the Directory (tenant) ID shown on the app registration's Overview page in Entra ID.",
                    "Ajouter \"TenantId\" : l'ID de l'annuaire (locataire) affiché sur la page Vue d'ensemble de l'inscription d'application dans Entra ID."))
        }

        var secretValues: [String] = []
        let credential = readCredential(
            in: section, applicationID: applicationIDText, tenantID: tenantIDText, secretValues: &secretValues, into: &recorder)
        let expiresOn = readExpiry(in: section, into: &recorder)

        let api = section.enumValue("Api", as: ExchangeAPI.self, prefix: "", into: &recorder)
        let apiGiven = section.contains("Api")
        let ewsURL = readURL(
            "EwsUrl", in: section, default: EnvironmentConfiguration.defaultEWSURL, purpose: "EWS",
            example: "https://mail.contoso.com/EWS/Exchange.asmx", into: &recorder)
        if let ewsURL, section.contains("EwsUrl"), !ewsURL.path.lowercased().hasSuffix("/ews/exchange.asmx") {
            recorder.warning(
                .unusualEWSPath, key: "EwsUrl",
                BilingualText("does not end with /EWS/Exchange.asmx (\"\(ewsURL.absoluteString)\").",
                              "ne se termine pas par /EWS/Exchange.asmx (\"\(ewsURL.absoluteString)\")."),
                fix: BilingualText(
                    "Give the EWS endpoint itself, e.g. https://mail.contoso.com/EWS/Exchange.asmx, not the Outlook on the web address.",
                    "Donner le point d'accès EWS lui-même, par exemple https://mail.contoso.com/EWS/Exchange.asmx, et non l'adresse d'Outlook sur le web."))
        }
        let authority = readURL(
            "Authority", in: section, default: EnvironmentConfiguration.defaultAuthority, purpose: "Entra ID authority",
            example: "https://login.microsoftonline.us", into: &recorder)
        let graphURL = readURL(
            "GraphUrl", in: section, default: EnvironmentConfiguration.defaultGraphURL, purpose: "Microsoft Graph",
            example: "https://graph.microsoft.us", into: &recorder)
        let exchangeVersion = section.enumValue("ExchangeVersion", as: ExchangeServerVersion.self, prefix: "", into: &recorder)
        let mailboxes = readMailboxes(in: section, into: &recorder)
        let sync = SyncPolicyParser.parse(section.section("Sync", prefix: "", into: &recorder), into: &recorder)
        let notifications = NotificationSettingsParser.parse(from: section, into: &recorder)
        let email = EmailTrackingSettingsParser.parse(from: section, defaultCategory: sync.category, into: &recorder)

        var configuration: EnvironmentConfiguration?
        if !recorder.hasErrors, let name, let applicationID, let tenantID, let credential, let ewsURL, let authority, let graphURL {
            configuration = EnvironmentConfiguration(
                name: name, position: position, tenantID: tenantID, applicationID: applicationID, credential: credential,
                clientSecretExpiresOn: expiresOn, api: api ?? .auto, ewsURL: ewsURL, authority: authority, graphURL: graphURL,
                exchangeVersion: exchangeVersion ?? .default, mailboxes: mailboxes, sync: sync, notifications: notifications,
                email: email)
        }
        let report = EnvironmentReport(
            position: position, name: name, api: api ?? (apiGiven ? nil : .auto),
            tenantID: tenantID, applicationID: applicationID,
            credentialKind: credential?.kind, credentialDescription: credential?.maskedDescription,
            problems: recorder.problems, configuration: configuration)
        return Outcome(report: report, secretValues: secretValues)
    }

    private func emptyReport(position: Int, name: String?, recorder: ProblemRecorder) -> EnvironmentReport {
        EnvironmentReport(
            position: position, name: name, api: nil, tenantID: nil, applicationID: nil, credentialKind: nil,
            credentialDescription: nil, problems: recorder.problems, configuration: nil)
    }

    // MARK: - Keys

    private func environmentName(in section: ConfigurationSection, into recorder: inout ProblemRecorder) -> String? {
        guard let name = section.string("Environment", prefix: "", into: &recorder) else {
            if !recorder.problems.contains(where: { $0.key == "Environment" }) {
                recorder.error(
                    .missingKey, key: "Environment",
                    BilingualText("is missing; every entry needs the name the ERP uses for this customer.",
                                  "est absente ; chaque entrée a besoin du nom que l'ERP donne à ce client."),
                    fix: BilingualText("Add \"Environment\": \"customer-name\" to this entry.",
                                       "Ajouter \"Environment\": \"nom-du-client\" à cette entrée."))
            }
            return nil
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            recorder.error(
                .invalidEnvironmentName, key: "Environment", BilingualText("is empty.", "est vide."),
                fix: BilingualText("Give the name the ERP uses for this customer, e.g. \"prextra\".",
                                   "Donner le nom que l'ERP utilise pour ce client, par exemple \"prextra\"."))
            return nil
        }
        if !IdentifierFormat.isURLSafeName(name) {
            recorder.warning(
                .invalidEnvironmentName, key: "Environment",
                BilingualText(
                    "\"\(name)\" contains characters other than letters, digits, '.', '_' and '-'; API paths will need to escape it.",
                    "\"\(name)\" contient d'autres caractères que des lettres, des chiffres, '.', '_' et '-' ; les chemins de l'API devront l'échapper."),
                fix: BilingualText("Prefer a name such as \"autreClient\" or \"client-abc\".",
                                   "Préférer un nom comme \"autreClient\" ou \"client-abc\"."))
        }
        return name
    }

    private func checkApplicationID(_ text: String, into recorder: inout ProblemRecorder) -> String? {
        // Identifiers are not echoed: a secret pasted into the wrong key must not be printed.
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard IdentifierFormat.isGUID(trimmed) else {
            recorder.error(
                .notAGUID, key: "ApplicationId",
                BilingualText(
                    "is not a GUID (\(text.count) characters, expected 8-4-4-4-12 hexadecimal digits such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0).",
                    "n'est pas un GUID (\(text.count) caractères, attendu 8-4-4-4-12 chiffres hexadécimaux comme 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0)."),
                fix: BilingualText(
                    "Copy the Application (client) ID from the app registration's Overview page in Entra ID\(trimmed.hasPrefix("{") ? ", without braces" : "").",
                    "Copier l'ID d'application (client) depuis la page Vue d'ensemble de l'inscription d'application dans Entra ID\(trimmed.hasPrefix("{") ? ", sans accolades" : "")."))
            return nil
        }
        guard !IdentifierFormat.isNilGUID(trimmed) else {
            recorder.error(
                .notAGUID, key: "ApplicationId",
                BilingualText("is the all-zero GUID, a placeholder.", "est le GUID nul, une valeur d'exemple."),
                fix: BilingualText("Copy the Application (client) ID from the app registration's Overview page in Entra ID.",
                                   "Copier l'ID d'application (client) depuis la page Vue d'ensemble de l'inscription d'application dans Entra ID."))
            return nil
        }
        return trimmed.lowercased()
    }

    private func checkTenantID(_ text: String, into recorder: inout ProblemRecorder) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if ["common", "organizations", "consumers"].contains(trimmed) {
            recorder.error(
                .invalidTenant, key: "TenantId",
                BilingualText(
                    "is \"\(trimmed)\", which the client-credentials grant does not accept (Entra ID answers AADSTS9001023).",
                    "vaut \"\(trimmed)\", que l'octroi client-credentials n'accepte pas (Entra ID répond AADSTS9001023)."),
                fix: BilingualText(
                    "Give the customer's own Directory (tenant) ID, a GUID, or its domain such as contoso.onmicrosoft.com.",
                    "Donner l'ID d'annuaire (locataire) du client, un GUID, ou son domaine comme contoso.onmicrosoft.com."))
            return nil
        }
        if IdentifierFormat.isGUID(trimmed) {
            guard !IdentifierFormat.isNilGUID(trimmed) else {
                recorder.error(
                    .invalidTenant, key: "TenantId",
                    BilingualText("is the all-zero GUID, a placeholder.", "est le GUID nul, une valeur d'exemple."),
                    fix: BilingualText("Copy the Directory (tenant) ID from the app registration's Overview page in Entra ID.",
                                       "Copier l'ID d'annuaire (locataire) depuis la page Vue d'ensemble de l'inscription d'application dans Entra ID."))
                return nil
            }
            return trimmed
        }
        if IdentifierFormat.isDomainName(trimmed) { return trimmed }
        recorder.error(
            .invalidTenant, key: "TenantId",
            BilingualText("is neither a GUID nor a domain name (\(text.count) characters).",
                          "n'est ni un GUID ni un nom de domaine (\(text.count) caractères)."),
            fix: BilingualText(
                "Copy the Directory (tenant) ID (a GUID such as 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d) from the app registration's Overview page, or give a verified domain such as contoso.onmicrosoft.com.",
                "Copier l'ID d'annuaire (locataire) (un GUID comme 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d) depuis la page Vue d'ensemble de l'inscription d'application, ou donner un domaine vérifié comme contoso.onmicrosoft.com."))
        return nil
    }

    private func readCredential(
        in section: ConfigurationSection, applicationID: String?, tenantID: String?, secretValues: inout [String],
        into recorder: inout ProblemRecorder
    ) -> ClientCredential? {
        let secretKeys = SecretReferenceResolver.keys(for: "ClientSecret")
        let certificateKeys = ["CertificateFile"] + SecretReferenceResolver.keys(for: "CertificatePrivateKey")
        let hasSecret = secretKeys.contains { section.contains($0) }
        let hasCertificate = certificateKeys.contains { section.contains($0) }

        if hasSecret, hasCertificate {
            recorder.error(
                .conflictingKeys, key: "ClientSecret/CertificateFile",
                BilingualText("both a client secret and a certificate are configured; it is unclear which one to use.",
                              "un secret client et un certificat sont tous deux configurés ; impossible de savoir lequel utiliser."),
                fix: BilingualText("Keep either the ClientSecret keys or the CertificateFile + CertificatePrivateKeyFile keys.",
                                   "Garder soit les clés ClientSecret, soit les clés CertificateFile + CertificatePrivateKeyFile."))
            return nil
        }
        if hasCertificate {
            return readCertificate(in: section, secretValues: &secretValues, into: &recorder)
        }
        switch resolver.resolve("ClientSecret", in: section, prefix: "", what: .clientSecret, into: &recorder) {
        case .absent:
            recorder.error(
                .missingKey, key: "ClientSecret",
                BilingualText("is missing: the environment has no credential.", "est absente : l'environnement n'a aucun identifiant de connexion."),
                fix: BilingualText(
                    "Add \"ClientSecret\" (the secret's Value from Certificates & secrets), or reference it with ClientSecretVariable or ClientSecretFile; or configure CertificateFile + CertificatePrivateKeyFile.",
                    "Ajouter \"ClientSecret\" (la Valeur du secret dans Certificats et secrets), ou la référencer avec ClientSecretVariable ou ClientSecretFile ; ou configurer CertificateFile + CertificatePrivateKeyFile."))
            return nil
        case .failed:
            return nil
        case .resolved(let secret, let source):
            secretValues.append(secret.value)
            let key = source == .inline ? "ClientSecret" : (source.isFile ? "ClientSecretFile" : "ClientSecretVariable")
            let value = secret.value
            if ClientSecretRule.isPlaceholder(value) {
                recorder.error(
                    .placeholderSecret, key: key,
                    BilingualText("is a placeholder (such as the XXXX~… of the setup guide), not a real secret.",
                                  "est une valeur d'exemple (comme le XXXX~… du guide d'installation), pas un vrai secret."),
                    fix: BilingualText(
                        "Paste the secret's Value, shown once when the customer created it under Certificates & secrets; if it was not saved, create a new secret.",
                        "Coller la Valeur du secret, affichée une seule fois quand le client l'a créé dans Certificats et secrets ; si elle n'a pas été conservée, créer un nouveau secret."))
                return nil
            }
            let trimmed = value.trimmingCharacters(in: .whitespaces).lowercased()
            if trimmed == applicationID?.trimmingCharacters(in: .whitespaces).lowercased()
                || trimmed == tenantID?.trimmingCharacters(in: .whitespaces).lowercased() {
                recorder.error(
                    .secretEqualsIdentifier, key: key,
                    BilingualText(
                        "is the same as the \(trimmed == applicationID?.lowercased() ? "ApplicationId" : "TenantId"), not a secret.",
                        "est identique à \(trimmed == applicationID?.lowercased() ? "ApplicationId" : "TenantId"), ce n'est pas un secret."),
                    fix: BilingualText("Paste the secret's Value from Certificates & secrets.",
                                       "Coller la Valeur du secret depuis Certificats et secrets."))
                return nil
            }
            if IdentifierFormat.isGUID(value.trimmingCharacters(in: .whitespaces)) {
                recorder.warning(
                    .secretLooksLikeSecretID, key: key,
                    BilingualText(
                        "looks like a GUID: probably the secret's \"Secret ID\" copied instead of its \"Value\" (Entra ID would answer AADSTS7000215).",
                        "ressemble à un GUID : sans doute l'« ID de secret » copié au lieu de sa « Valeur » (Entra ID répondrait AADSTS7000215)."),
                    fix: BilingualText(
                        "In Certificates & secrets, copy the Value column, shown only right after creation; if it is gone, create a new secret.",
                        "Dans Certificats et secrets, copier la colonne Valeur, visible seulement juste après la création ; sinon, créer un nouveau secret."))
            }
            if value != value.trimmingCharacters(in: .whitespacesAndNewlines) {
                recorder.warning(
                    .secretHasSurroundingSpaces, key: key,
                    BilingualText("starts or ends with spaces or line breaks, which are kept and sent as part of the secret.",
                                  "commence ou finit par des espaces ou des sauts de ligne, qui sont conservés et envoyés avec le secret."),
                    fix: BilingualText("Remove the surrounding spaces unless they really belong to the secret.",
                                       "Retirer ces espaces, sauf s'ils font vraiment partie du secret."))
            }
            return .secret(secret, source: source)
        }
    }

    private func readCertificate(
        in section: ConfigurationSection, secretValues: inout [String], into recorder: inout ProblemRecorder
    ) -> ClientCredential? {
        var certificatePEM: String?
        let certificatePath = section.string("CertificateFile", prefix: "", into: &recorder)
        if let certificatePath {
            if let text = resolver.readFile(certificatePath, key: "CertificateFile", what: .certificate, into: &recorder) {
                if text.contains("-----BEGIN CERTIFICATE-----") {
                    certificatePEM = text
                } else {
                    recorder.error(
                        .invalidPEM, key: "CertificateFile",
                        BilingualText("names \(certificatePath), which holds no PEM certificate (-----BEGIN CERTIFICATE-----).",
                                      "nomme \(certificatePath), qui ne contient aucun certificat PEM (-----BEGIN CERTIFICATE-----)."),
                        fix: BilingualText(
                            "Give the certificate uploaded to the app registration, in PEM form (openssl x509 -in cert.cer -inform der -out cert.pem).",
                            "Donner le certificat téléversé dans l'inscription d'application, au format PEM (openssl x509 -in cert.cer -inform der -out cert.pem)."))
                }
            }
        } else if !recorder.problems.contains(where: { $0.key == "CertificateFile" }) {
            recorder.error(
                .missingKey, key: "CertificateFile",
                BilingualText("is missing while a certificate private key is configured.",
                              "est absente alors qu'une clé privée de certificat est configurée."),
                fix: BilingualText("Add \"CertificateFile\": the PEM certificate uploaded to the app registration.",
                                   "Ajouter \"CertificateFile\" : le certificat PEM téléversé dans l'inscription d'application."))
        }

        var privateKey: (Secret, SecretSource)?
        switch resolver.resolve("CertificatePrivateKey", in: section, prefix: "", what: .privateKey, into: &recorder) {
        case .absent:
            recorder.error(
                .missingKey, key: "CertificatePrivateKeyFile",
                BilingualText("is missing while CertificateFile is configured.", "est absente alors que CertificateFile est configurée."),
                fix: BilingualText("Add \"CertificatePrivateKeyFile\": the PEM private key of the certificate (unencrypted).",
                                   "Ajouter \"CertificatePrivateKeyFile\" : la clé privée PEM du certificat (non chiffrée)."))
        case .failed:
            break
        case .resolved(let key, let source):
            secretValues.append(key.value)
            if key.value.contains("ENCRYPTED PRIVATE KEY") {
                recorder.error(
                    .invalidPEM, key: "CertificatePrivateKeyFile",
                    BilingualText("holds an encrypted private key, which the service cannot use.",
                                  "contient une clé privée chiffrée, que le service ne peut pas utiliser."),
                    fix: BilingualText(
                        "Export it without a passphrase (openssl pkey -in key.pem -out plain.pem) and protect the file with permissions.",
                        "L'exporter sans phrase de passe (openssl pkey -in key.pem -out plain.pem) et protéger le fichier par ses droits."))
            } else if key.value.contains("-----BEGIN"), key.value.contains("PRIVATE KEY-----") {
                privateKey = (key, source)
            } else {
                recorder.error(
                    .invalidPEM, key: "CertificatePrivateKeyFile",
                    BilingualText("holds no PEM private key (-----BEGIN PRIVATE KEY-----).",
                                  "ne contient aucune clé privée PEM (-----BEGIN PRIVATE KEY-----)."),
                    fix: BilingualText("Give the certificate's private key in PEM form.", "Donner la clé privée du certificat au format PEM."))
            }
        }
        guard let certificatePEM, let certificatePath, let privateKey else { return nil }
        return .certificate(CertificateCredential(
            certificatePEM: certificatePEM, privateKeyPEM: privateKey.0, certificatePath: certificatePath,
            privateKeySource: privateKey.1))
    }

    private func readExpiry(in section: ConfigurationSection, into recorder: inout ProblemRecorder) -> Date? {
        guard let text = section.string("ClientSecretExpiresOn", prefix: "", into: &recorder) else { return nil }
        guard let date = ConfigurationDateFormat.parse(text) else {
            recorder.error(
                .invalidDate, key: "ClientSecretExpiresOn",
                BilingualText("is \"\(text)\", which is not a date.", "vaut \"\(text)\", qui n'est pas une date."),
                fix: BilingualText("Write the expiry shown in Certificates & secrets as YYYY-MM-DD, e.g. \"2027-03-31\".",
                                   "Écrire l'expiration affichée dans Certificats et secrets sous la forme AAAA-MM-JJ, par exemple \"2027-03-31\"."))
            return nil
        }
        let day = ConfigurationDateFormat.format(date)
        if date <= now {
            recorder.warning(
                .secretExpired, key: "ClientSecretExpiresOn",
                BilingualText("says the client secret expired on \(day); Entra ID will refuse it (AADSTS7000222).",
                              "indique que le secret client a expiré le \(day) ; Entra ID le refusera (AADSTS7000222)."),
                fix: BilingualText("Ask the customer for a new client secret, then update ClientSecret and ClientSecretExpiresOn.",
                                   "Demander un nouveau secret client au client, puis mettre à jour ClientSecret et ClientSecretExpiresOn."))
        } else if date.timeIntervalSince(now) < Double(Self.expiryWarningDays) * 86_400 {
            let days = Int(date.timeIntervalSince(now) / 86_400)
            recorder.warning(
                .secretExpiresSoon, key: "ClientSecretExpiresOn",
                BilingualText("says the client secret expires on \(day), in \(days) day\(days == 1 ? "" : "s").",
                              "indique que le secret client expire le \(day), dans \(days) jour\(days == 1 ? "" : "s")."),
                fix: BilingualText("Ask the customer for a new client secret before then.",
                                   "Demander un nouveau secret client au client d'ici là."))
        }
        return date
    }

    private func readURL(
        _ key: String, in section: ConfigurationSection, default defaultURL: URL, purpose: String, example: String,
        into recorder: inout ProblemRecorder
    ) -> URL? {
        guard let text = section.string(key, prefix: "", into: &recorder) else {
            return recorder.problems.contains { $0.key == key } ? nil : defaultURL
        }
        guard let url = EndpointURLRule.validate(text, key: key, purpose: purpose, example: example, into: &recorder) else {
            return nil
        }
        return EndpointURLRule.withoutTrailingSlash(url)
    }

    private func readMailboxes(in section: ConfigurationSection, into recorder: inout ProblemRecorder) -> [String] {
        guard let addresses = section.stringList("Mailboxes", prefix: "", into: &recorder) else { return [] }
        var seen = Set<String>()
        var mailboxes: [String] = []
        for (index, address) in addresses.enumerated() {
            let normalized = address.trimmingCharacters(in: .whitespaces).lowercased()
            guard IdentifierFormat.isSMTPAddress(normalized) else {
                recorder.error(
                    .invalidMailbox, key: "Mailboxes[\(index)]",
                    BilingualText("is \"\(address)\", which is not an e-mail address.", "vaut \"\(address)\", qui n'est pas une adresse de courriel."),
                    fix: BilingualText("Give the mailbox's primary SMTP address, e.g. jane.doe@contoso.com.",
                                       "Donner l'adresse SMTP principale de la boîte aux lettres, par exemple jane.doe@contoso.com."))
                continue
            }
            guard seen.insert(normalized).inserted else {
                recorder.warning(
                    .duplicateMailbox, key: "Mailboxes[\(index)]",
                    BilingualText("repeats \(normalized), listed earlier.", "répète \(normalized), déjà présente plus haut."),
                    fix: BilingualText("Remove the duplicate.", "Retirer le doublon."))
                continue
            }
            mailboxes.append(normalized)
        }
        return mailboxes
    }
}

extension SecretSource {
    var isFile: Bool {
        if case .file = self { return true }
        return false
    }
}
