/// Why a document could not be parsed.
public struct XMLParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// libxml2 found the document not well-formed.
        case malformed
        /// The document declares a DTD; it is refused so that no entity can expand.
        case documentTypeDeclarationRefused
        /// The document ended before its root element was closed.
        case truncated
    }

    public var kind: Kind
    public var line: Int
    public var message: String

    public init(kind: Kind, line: Int, message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }

    public var description: String { "XML parse error at line \(line): \(message)" }
}
