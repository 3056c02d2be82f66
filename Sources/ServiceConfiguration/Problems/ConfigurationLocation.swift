/// The part of the configuration file a problem belongs to.
public enum ConfigurationLocation: Sendable, Hashable, CustomStringConvertible {
    /// An entry of the `Exchange` list: its zero-based position and, when it has one, its name.
    case environment(position: Int, name: String?)
    /// The service's own section (`PrextraSync`).
    case service
    /// The file as a whole.
    case file

    /// The `Exchange[2]` form, as a JSON path would say it.
    public static func exchangePath(_ position: Int) -> String { "Exchange[\(position)]" }

    public var description: String { description(in: .english) }

    public func description(in language: MessageLanguage) -> String {
        let french = language == .french
        switch self {
        case .environment(let position, let name?):
            return "\(french ? "environnement" : "environment") \"\(name)\" (\(Self.exchangePath(position)))"
        case .environment(let position, nil):
            return "\(french ? "environnement" : "environment") \(Self.exchangePath(position))"
        case .service:
            return "section \(ServiceSettings.sectionName)"
        case .file:
            return french ? "fichier de configuration" : "configuration file"
        }
    }
}
