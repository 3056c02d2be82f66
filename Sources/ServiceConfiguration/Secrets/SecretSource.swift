/// Where a secret was read from. Safe to show: it names a variable or a file, never the value.
public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
    /// Written in the configuration file itself, as the vendor's original section has it.
    case inline
    /// Read from the named environment variable (`…Variable` keys).
    case environmentVariable(String)
    /// Read from the file at this path (`…File` keys), trailing newlines removed.
    case file(String)

    public var description: String {
        switch self {
        case .inline: "inline"
        case .environmentVariable(let name): "variable \(name)"
        case .file(let path): "file \(path)"
        }
    }
}
