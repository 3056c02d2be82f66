/// The file as a whole cannot be used (as opposed to problems inside it, which are reported
/// per environment and never stop the valid ones).
public enum ConfigurationFileError: Error, Sendable, Hashable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String)
    /// `detail` is the JSON parser's position message (it names at most one character).
    case invalidJSON(path: String, detail: String)
    case notAnObject(path: String)

    public var description: String { description(in: .english) }

    public func description(in language: MessageLanguage) -> String {
        localizedText.text(in: language)
    }

    private var localizedText: BilingualText {
        switch self {
        case .fileNotFound(let path):
            BilingualText(
                "The configuration file \(path) does not exist. Fix: check the path, or create it from Examples/appsettings.json.",
                "Le fichier de configuration \(path) n'existe pas. Correction : vérifier le chemin, ou le créer à partir d'Examples/appsettings.json.")
        case .unreadable(let path):
            BilingualText(
                "The configuration file \(path) cannot be read. Fix: give the service's user read permission on it.",
                "Le fichier de configuration \(path) ne peut pas être lu. Correction : donner à l'utilisateur du service le droit de le lire.")
        case .invalidJSON(let path, let detail):
            BilingualText(
                "The configuration file \(path) is not valid JSON: \(detail) Fix: correct the syntax at that place (comments and trailing commas are accepted).",
                "Le fichier de configuration \(path) n'est pas du JSON valide : \(detail) Correction : corriger la syntaxe à cet endroit (commentaires et virgules finales sont acceptés).")
        case .notAnObject(let path):
            BilingualText(
                "The configuration file \(path) must hold a JSON object ({ \"Exchange\": [ … ] }). Fix: wrap the settings in { }.",
                "Le fichier de configuration \(path) doit contenir un objet JSON ({ \"Exchange\": [ … ] }). Correction : entourer les réglages de { }.")
        }
    }
}
