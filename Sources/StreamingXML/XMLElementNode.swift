/// A small in-memory element: what `XMLTreeBuilder` makes of one fragment of a stream
/// (one item of a response, say), to be read and then dropped.
public final class XMLElementNode {
    public let name: XMLName
    public let attributes: [XMLAttribute]
    public internal(set) var children: [XMLElementNode] = []
    /// The element's own character data. Whitespace between child elements is dropped.
    public internal(set) var text: String = ""

    public init(name: XMLName, attributes: [XMLAttribute] = [], children: [XMLElementNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    public var localName: String { name.localName }

    /// The value of an attribute in no namespace (EWS attributes are unqualified).
    public func attribute(_ localName: String) -> String? {
        attributes.first { $0.name.localName == localName && $0.name.namespace.isEmpty }?.value
    }

    /// The first child with this local name, in this namespace when one is given.
    public func child(_ localName: String, namespace: String? = nil) -> XMLElementNode? {
        children.first { $0.name.localName == localName && (namespace == nil || $0.name.namespace == namespace) }
    }

    /// All children with this local name.
    public func children(_ localName: String, namespace: String? = nil) -> [XMLElementNode] {
        children.filter { $0.name.localName == localName && (namespace == nil || $0.name.namespace == namespace) }
    }

    /// Follows a path of local names from this element.
    public func descendant(_ path: String...) -> XMLElementNode? {
        var node: XMLElementNode? = self
        for step in path { node = node?.child(step) }
        return node
    }

    /// The text of a child, or nil when the child is absent.
    public func childText(_ localName: String) -> String? { child(localName)?.text }
}
