/// Receives the events of a streaming parse, in document order.
///
/// Implementations keep only what they need: the parser itself holds no document.
/// Throwing from a callback stops the parse; `XMLPushParser` rethrows the error.
public protocol XMLStreamHandler: AnyObject {
    func startElement(_ name: XMLName, attributes: [XMLAttribute]) throws
    func endElement(_ name: XMLName) throws
    /// Character data (text or CDATA), already unescaped, in UTF-8. One text node can
    /// arrive in several calls. The buffer is only valid during the call.
    func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws
}
