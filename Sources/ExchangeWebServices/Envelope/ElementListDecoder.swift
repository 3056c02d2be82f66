import StreamingXML

/// A decoder that turns each element of a message's container into a value as it arrives,
/// and returns them with the message's own small children.
final class ElementListDecoder<Element>: ResponseMessageDecoder {
    struct Payload {
        var elements: [Element]
        /// The message without its container's children, when it says more than its ResponseCode
        /// (SyncState, RootFolder paging...). Dropped otherwise, so that a response of many
        /// messages (GetItem answers one per item) keeps nothing but the items.
        var message: XMLElementNode?
    }

    private let convert: (XMLElementNode) throws -> Element?
    private var pending: [Element] = []

    init(_ convert: @escaping (XMLElementNode) throws -> Element?) {
        self.convert = convert
    }

    func consume(_ element: XMLElementNode) throws {
        if let value = try convert(element) { pending.append(value) }
    }

    func finishMessage(_ message: XMLElementNode) throws -> Payload {
        defer { pending = [] }
        let informative = message.children.contains { child in
            child.localName != "ResponseCode" && !(ResponseContainers.names.contains(child.localName) && child.children.isEmpty)
        }
        return Payload(elements: pending, message: informative ? message : nil)
    }

    func discardMessage() { pending = [] }
}
