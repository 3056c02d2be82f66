/// Builds elements from a stream, handing over each fragment the rule detaches as soon as it is
/// complete, without keeping it.
///
/// A response parser detaches, say, every child of `m:Items`: it then holds one item at a time
/// as a tree, turns it into its model, and memory does not grow with the response size.
public final class XMLTreeBuilder: XMLStreamHandler {
    /// Decides, when an element starts, whether it is detached; it sees the element's name and
    /// the names of its open ancestors (outermost first).
    public typealias DetachRule = (_ element: XMLName, _ ancestors: [XMLName]) -> Bool
    /// Receives a detached element once its end tag is read.
    public typealias DetachedElementHandler = (_ element: XMLElementNode, _ ancestors: [XMLName]) throws -> Void

    private struct OpenElement {
        var node: XMLElementNode
        var text: [UInt8]
        var detached: Bool
    }

    private let detachRule: DetachRule
    private let detachedElementHandler: DetachedElementHandler
    private var open: [OpenElement] = []
    private var openNames: [XMLName] = []
    /// The document element with every detached fragment left out; nil until it is closed.
    public private(set) var root: XMLElementNode?

    public init(detaching rule: @escaping DetachRule, onDetached: @escaping DetachedElementHandler) {
        detachRule = rule
        detachedElementHandler = onDetached
    }

    /// A builder that keeps the whole document.
    public convenience init() {
        self.init(detaching: { _, _ in false }, onDetached: { _, _ in })
    }

    public func startElement(_ name: XMLName, attributes: [XMLAttribute]) throws {
        let detached = detachRule(name, openNames)
        open.append(OpenElement(node: XMLElementNode(name: name, attributes: attributes), text: [], detached: detached))
        openNames.append(name)
    }

    public func endElement(_ name: XMLName) throws {
        guard let closing = open.popLast() else { return }
        openNames.removeLast()
        if !closing.text.isEmpty {
            if closing.node.children.isEmpty || !closing.text.allSatisfy(Self.isWhitespace) {
                closing.node.text = String(decoding: closing.text, as: UTF8.self)
            }
        }
        if closing.detached {
            try detachedElementHandler(closing.node, openNames)
        } else if let parentIndex = open.indices.last {
            open[parentIndex].node.children.append(closing.node)
        } else {
            root = closing.node
        }
    }

    public func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws {
        guard let index = open.indices.last else { return }
        open[index].text.append(contentsOf: utf8)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
