/// The XML namespaces of SOAP and EWS, by the prefixes the simulator writes.
public enum EWSNamespace {
    public static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    public static let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"
    public static let types = "http://schemas.microsoft.com/exchange/services/2006/types"
    public static let errors = "http://schemas.microsoft.com/exchange/services/2006/errors"
    public static let xmlSchema = "http://www.w3.org/2001/XMLSchema"
}

/// The simulator's own lightweight XML element tree (EWS has no mixed content, so an element
/// holds either child elements or text). It is independent of any client-side model.
public struct XMLElementNode: Sendable, Hashable {
    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var namespace: String
    public var name: String
    public var attributes: [Attribute]
    public var children: [XMLElementNode]
    public var text: String
    /// Line in the request it was parsed from (0 when built in code).
    public var line: Int

    public init(
        _ namespace: String, _ name: String, attributes: [Attribute] = [], children: [XMLElementNode] = [],
        text: String = "", line: Int = 0
    ) {
        self.namespace = namespace
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// An element in the types namespace.
    public static func t(_ name: String, _ text: String = "", attributes: [String: String] = [:], children: [XMLElementNode] = [])
        -> XMLElementNode
    {
        XMLElementNode(
            EWSNamespace.types, name,
            attributes: attributes.sorted { $0.key < $1.key }.map { Attribute(name: $0.key, value: $0.value) },
            children: children, text: text)
    }

    /// An element in the messages namespace.
    public static func m(_ name: String, _ text: String = "", attributes: [String: String] = [:], children: [XMLElementNode] = [])
        -> XMLElementNode
    {
        XMLElementNode(
            EWSNamespace.messages, name,
            attributes: attributes.sorted { $0.key < $1.key }.map { Attribute(name: $0.key, value: $0.value) },
            children: children, text: text)
    }

    public subscript(attribute name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    public mutating func setAttribute(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append(Attribute(name: name, value: value))
        }
    }

    /// The first child with this local name (any EWS namespace).
    public func child(_ name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }

    public func children(_ name: String) -> [XMLElementNode] {
        children.filter { $0.name == name }
    }

    /// Follows a path of local names.
    public func descendant(_ path: String...) -> XMLElementNode? {
        var current: XMLElementNode? = self
        for name in path { current = current?.child(name) }
        return current
    }
}
