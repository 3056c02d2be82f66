import StreamingXML

/// What an operation does with the parts of its response messages.
protocol ResponseMessageDecoder: AnyObject {
    associatedtype Payload
    /// An element inside a message's `Items`, `Changes` or `Folders` (an item, a change, a
    /// folder), handed over as soon as it is read.
    func consume(_ element: XMLElementNode) throws
    /// A successful message has ended; its small children (`SyncState`...) are in `message`.
    func finishMessage(_ message: XMLElementNode) throws -> Payload
    /// A failed message has ended; forget what it consumed.
    func discardMessage()
}

/// Reads an EWS response envelope as a stream: either a SOAP fault or one result per
/// response message, in order. Only one item is held as a tree at a time.
///
/// SOAP elements are matched by local name, so the documentation's `https://` envelope
/// namespace typo still reads.
final class EWSResponseReader<Decoder: ResponseMessageDecoder>: XMLStreamHandler {
    private let decoder: Decoder
    private var builder: XMLTreeBuilder!
    private(set) var results: [Result<Decoder.Payload, EWSError>] = []
    private(set) var fault: EWSError?
    private(set) var sawEnvelope = false
    private var failure: (any Error)?

    init(decoder: Decoder) {
        self.decoder = decoder
        builder = XMLTreeBuilder(
            detaching: { name, ancestors in
                guard let parent = ancestors.last else { return false }
                if parent.localName == "ResponseMessages" { return true }
                if name.localName == "Fault" && parent.localName == "Body" { return true }
                guard ResponseContainers.names.contains(parent.localName) else { return false }
                // Only the containers directly in a message (or in its RootFolder).
                guard let messageIndex = ancestors.lastIndex(where: { $0.localName.hasSuffix("ResponseMessage") }) else {
                    return false
                }
                let depthBelowMessage = ancestors.count - 1 - messageIndex
                return depthBelowMessage == 1 || (depthBelowMessage == 2 && ancestors[messageIndex + 1].localName == "RootFolder")
            },
            onDetached: { [unowned self] node, ancestors in
                if node.localName == "Fault" {
                    fault = Self.fault(from: node)
                } else if ancestors.last?.localName == "ResponseMessages" {
                    results.append(try message(node))
                } else {
                    try decoder.consume(node)
                }
            })
    }

    func startElement(_ name: XMLName, attributes: [XMLAttribute]) throws {
        if name.localName == "Envelope" { sawEnvelope = true }
        try builder.startElement(name, attributes: attributes)
    }

    func endElement(_ name: XMLName) throws { try builder.endElement(name) }

    func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws { try builder.characters(utf8) }

    private func message(_ node: XMLElementNode) throws -> Result<Decoder.Payload, EWSError> {
        let responseClass = node.attribute("ResponseClass") ?? "Success"
        let code = EWSResponseCode(rawValue: node.childText("ResponseCode")?.trimmed ?? "NoError")
        if responseClass == "Error" || (responseClass != "Warning" && code != .noError) {
            decoder.discardMessage()
            let details = Self.messageXml(node.child("MessageXml"))
            return .failure(
                EWSError(
                    kind: .responseMessage, code: code, message: node.childText("MessageText")?.trimmed ?? code.rawValue,
                    backOff: Self.backOff(details), details: details))
        }
        return .success(try decoder.finishMessage(node))
    }

    static func messageXml(_ node: XMLElementNode?) -> [String: String] {
        var details: [String: String] = [:]
        for child in node?.children ?? [] {
            if child.localName == "Value", let name = child.attribute("Name") {
                details[name] = child.text.trimmed
            } else {
                details[child.localName] = child.text.trimmed
            }
        }
        return details
    }

    static func backOff(_ details: [String: String]) -> Duration? {
        details["BackOffMilliseconds"].flatMap { Int($0) }.map { .milliseconds($0) }
    }

    static func fault(from node: XMLElementNode) -> EWSError {
        let faultCode = node.childText("faultcode")?.trimmed ?? ""
        let detail = node.child("detail")
        let detailCode = detail?.childText("ResponseCode")?.trimmed
        let code = detailCode ?? String(faultCode.split(separator: ":").last ?? "")
        let message = detail?.childText("Message")?.trimmed ?? node.childText("faultstring")?.trimmed ?? "SOAP fault"
        let details = messageXml(detail?.child("MessageXml"))
        return EWSError(
            kind: .fault, code: code.isEmpty ? nil : EWSResponseCode(rawValue: code), message: message,
            backOff: backOff(details), details: details)
    }
}

/// The elements of a response message whose children are the items, changes or folders.
enum ResponseContainers {
    static let names: Set<String> = ["Items", "Changes", "Folders"]
}
