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

    public var description: String {
        switch self {
        case .environment(let position, let name?):
            "environment \"\(name)\" (\(Self.exchangePath(position)))"
        case .environment(let position, nil):
            "environment \(Self.exchangePath(position))"
        case .service:
            "section \(ServiceSettings.sectionName)"
        case .file:
            "configuration file"
        }
    }
}
