/// A namespace-qualified XML name, as the parser reports it: prefixes are resolved away.
public struct XMLName: Hashable, Sendable, CustomStringConvertible {
    /// The namespace URI, or an empty string when the element is in no namespace.
    public var namespace: String
    public var localName: String

    public init(_ namespace: String, _ localName: String) {
        self.namespace = namespace
        self.localName = localName
    }

    public var description: String { namespace.isEmpty ? localName : "{\(namespace)}\(localName)" }
}

/// One attribute of a start tag.
public struct XMLAttribute: Hashable, Sendable {
    public var name: XMLName
    public var value: String

    public init(name: XMLName, value: String) {
        self.name = name
        self.value = value
    }
}
