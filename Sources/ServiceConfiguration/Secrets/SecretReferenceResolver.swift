import Foundation

/// Reads a secret given inline (`Name`), from an environment variable (`NameVariable`) or from
/// a file (`NameFile`). Exactly one of the three may be present.
struct SecretReferenceResolver: Sendable {
    enum Outcome {
        /// None of the three keys is present.
        case absent
        case resolved(Secret, SecretSource)
        /// A key is present but unusable; the problem is recorded.
        case failed
    }

    /// What the secret is, for messages in both languages ("client secret" / "secret client").
    struct SecretName {
        let english: String
        /// With its article: "le secret client", "la clé d'API".
        let french: String
        /// With "de" and its article: "du secret client", "de la clé d'API".
        let frenchOf: String

        static let clientSecret = SecretName(english: "client secret", french: "le secret client", frenchOf: "du secret client")
        static let privateKey = SecretName(
            english: "certificate private key", french: "la clé privée du certificat", frenchOf: "de la clé privée du certificat")
        static let certificate = SecretName(english: "certificate", french: "le certificat", frenchOf: "du certificat")
        static let apiKey = SecretName(english: "API key", french: "la clé d'API", frenchOf: "de la clé d'API")
        static let webhookSecret = SecretName(
            english: "webhook signing secret", french: "le secret de signature du webhook", frenchOf: "du secret de signature du webhook")
        static let secretsKey = SecretName(
            english: "secrets key", french: "la clé de chiffrement des secrets", frenchOf: "de la clé de chiffrement des secrets")
        static let postgresURL = SecretName(
            english: "PostgreSQL connection URL", french: "l'URL de connexion PostgreSQL", frenchOf: "de l'URL de connexion PostgreSQL")
    }

    let environmentVariables: [String: String]
    /// Relative paths are resolved against the directory holding the configuration file.
    let baseDirectory: URL

    static func keys(for name: String) -> [String] { [name, name + "Variable", name + "File"] }

    func resolvePath(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        if path.hasPrefix("~/") {
            return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(path.dropFirst(2)))
        }
        return baseDirectory.appendingPathComponent(path).standardizedFileURL
    }

    func resolve(
        _ name: String, in section: ConfigurationSection, prefix: String, what: SecretName,
        into recorder: inout ProblemRecorder
    ) -> Outcome {
        let variableKey = name + "Variable", fileKey = name + "File"
        let present = Self.keys(for: name).filter { section.contains($0) && section.value(forKey: $0) != .null }
        if present.count > 1 {
            recorder.error(
                .conflictingKeys, key: prefix + present.joined(separator: "/"),
                BilingualText("give the \(what.english) in more than one way; it is unclear which one to use.",
                              "donnent \(what.french) de plusieurs façons ; impossible de savoir laquelle utiliser."),
                fix: BilingualText("Keep exactly one of \(name) (inline), \(variableKey) (environment variable) or \(fileKey) (file).",
                                   "Garder une seule clé parmi \(name) (dans le fichier), \(variableKey) (variable d'environnement) et \(fileKey) (fichier)."))
            return .failed
        }
        guard let key = present.first else { return .absent }

        // Never echo the inline value: it is the secret.
        let text: String
        switch section.value(forKey: key) {
        case .scalar(let scalar)?:
            text = scalar
        case let other?:
            recorder.error(
                .wrongType, key: prefix + key,
                BilingualText("must be a text value but is \(other.kindDescription(in: .english)).",
                              "doit être un texte mais est \(other.kindDescription(in: .french))."),
                fix: BilingualText("Write it as \"\(key)\": \"…\".", "L'écrire \"\(key)\": \"…\"."))
            return .failed
        case nil:
            return .absent
        }

        switch key.lowercased() {
        case name.lowercased():
            guard !text.isEmpty else {
                recorder.error(
                    .emptySecret, key: prefix + key, BilingualText("is empty.", "est vide."),
                    fix: BilingualText("Paste the \(what.english) value, or reference it with \(variableKey) or \(fileKey).",
                                       "Coller la valeur \(what.frenchOf), ou la référencer avec \(variableKey) ou \(fileKey)."))
                return .failed
            }
            return .resolved(Secret(text), .inline)

        case variableKey.lowercased():
            let variable = text.trimmingCharacters(in: .whitespaces)
            guard !variable.isEmpty else {
                recorder.error(
                    .missingKey, key: prefix + key,
                    BilingualText("is empty; it must name an environment variable.", "est vide ; elle doit nommer une variable d'environnement."),
                    fix: BilingualText("Write the variable's name, e.g. \"\(key)\": \"PREXTRA_\(name.uppercased())\".",
                                       "Écrire le nom de la variable, par exemple \"\(key)\": \"PREXTRA_\(name.uppercased())\"."))
                return .failed
            }
            guard let value = environmentVariables[variable] else {
                recorder.error(
                    .missingVariable, key: prefix + key,
                    BilingualText("names the environment variable \(variable), which is not set.",
                                  "nomme la variable d'environnement \(variable), qui n'est pas définie."),
                    fix: BilingualText("Set \(variable) in the service's environment (systemd Environment=, docker -e, the shell), or fix the name.",
                                       "Définir \(variable) dans l'environnement du service (Environment= de systemd, docker -e, le shell), ou corriger le nom."))
                return .failed
            }
            guard !value.isEmpty else {
                recorder.error(
                    .emptySecret, key: prefix + key,
                    BilingualText("names the environment variable \(variable), which is empty.",
                                  "nomme la variable d'environnement \(variable), qui est vide."),
                    fix: BilingualText("Put the \(what.english) value in \(variable).", "Mettre la valeur \(what.frenchOf) dans \(variable)."))
                return .failed
            }
            return .resolved(Secret(value), .environmentVariable(variable))

        default:
            guard let contents = readFile(text, key: prefix + key, what: what, into: &recorder) else { return .failed }
            // Files written by `echo` or editors end with a newline that is not part of the secret.
            let trimmed = String(contents.reversed().drop { $0.isNewline }.reversed())
            guard !trimmed.isEmpty else {
                recorder.error(
                    .emptySecret, key: prefix + key,
                    BilingualText("names the file \(text), which is empty.", "nomme le fichier \(text), qui est vide."),
                    fix: BilingualText("Write the \(what.english) value into \(text).", "Écrire la valeur \(what.frenchOf) dans \(text)."))
                return .failed
            }
            return .resolved(Secret(trimmed), .file(text))
        }
    }

    /// Reads a referenced file, recording a missing or unreadable file. Never echoes its contents.
    func readFile(_ path: String, key: String, what: SecretName, into recorder: inout ProblemRecorder) -> String? {
        let trimmedPath = path.trimmingCharacters(in: .whitespaces)
        guard !trimmedPath.isEmpty else {
            recorder.error(
                .missingKey, key: key,
                BilingualText("is empty; it must name a file.", "est vide ; elle doit nommer un fichier."),
                fix: BilingualText("Write the path of the file holding the \(what.english).",
                                   "Écrire le chemin du fichier qui contient \(what.french)."))
            return nil
        }
        let url = resolvePath(trimmedPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            recorder.error(
                .missingFile, key: key,
                BilingualText("names the file \(trimmedPath) (\(url.path)), which does not exist.",
                              "nomme le fichier \(trimmedPath) (\(url.path)), qui n'existe pas."),
                fix: BilingualText(
                    "Create the file with the \(what.english), or fix the path (relative paths start from the configuration file's folder).",
                    "Créer le fichier avec \(what.french), ou corriger le chemin (un chemin relatif part du dossier du fichier de configuration)."))
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            recorder.error(
                .unreadableFile, key: key,
                BilingualText("names the file \(url.path), which cannot be read.", "nomme le fichier \(url.path), qui ne peut pas être lu."),
                fix: BilingualText("Give the service's user read permission on it.", "Donner à l'utilisateur du service le droit de le lire."))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            recorder.error(
                .unreadableFile, key: key,
                BilingualText("names the file \(url.path), which is not UTF-8 text.", "nomme le fichier \(url.path), qui n'est pas du texte UTF-8."),
                fix: BilingualText("Save the \(what.english) as plain UTF-8 text.", "Enregistrer \(what.french) en texte UTF-8."))
            return nil
        }
        return text
    }
}
