/// The file as a whole cannot be used (as opposed to problems inside it, which are reported
/// per environment and never stop the valid ones).
public enum ConfigurationFileError: Error, Sendable, Hashable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String)
    /// `detail` is the JSON parser's position message (it names at most one character).
    case invalidJSON(path: String, detail: String)
    case notAnObject(path: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "The configuration file \(path) does not exist. Fix: check the path, or create it from Examples/appsettings.json."
        case .unreadable(let path):
            "The configuration file \(path) cannot be read. Fix: give the service's user read permission on it."
        case .invalidJSON(let path, let detail):
            "The configuration file \(path) is not valid JSON: \(detail) Fix: correct the syntax at that place (comments and trailing commas are accepted)."
        case .notAnObject(let path):
            "The configuration file \(path) must hold a JSON object ({ \"Exchange\": [ … ] }). Fix: wrap the settings in { }."
        }
    }
}
