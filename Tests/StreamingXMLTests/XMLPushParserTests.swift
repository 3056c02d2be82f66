import Testing

@testable import StreamingXML

/// Records every event as a line, to compare with what the document says.
final class EventRecorder: XMLStreamHandler {
    var events: [String] = []
    var pendingText: [UInt8] = []

    func flushText() {
        if !pendingText.isEmpty {
            events.append("text \(String(decoding: pendingText, as: UTF8.self))")
            pendingText = []
        }
    }

    func startElement(_ name: XMLName, attributes: [XMLAttribute]) throws {
        flushText()
        let rendered = attributes.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        events.append("start \(name) [\(rendered)]")
    }

    func endElement(_ name: XMLName) throws {
        flushText()
        events.append("end \(name)")
    }

    func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws {
        pendingText.append(contentsOf: utf8)
    }
}

struct Stop: Error {}

final class StoppingHandler: XMLStreamHandler {
    var starts = 0
    func startElement(_ name: XMLName, attributes: [XMLAttribute]) throws {
        starts += 1
        if name.localName == "stop" { throw Stop() }
    }
    func endElement(_ name: XMLName) throws {}
    func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws {}
}

@Suite("XMLPushParser")
struct XMLPushParserTests {
    static let document = """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope xmlns:s="urn:soap" xmlns="urn:default"><s:Body a="1 &amp; 2 &lt; &quot;3&quot;" xmlns:t="urn:t">\
        <t:Item t:Id="x">caf\u{E9} &amp; &#x263A; <![CDATA[<raw>]]></t:Item><Plain/></s:Body></s:Envelope>
        """

    static let expected = [
        "start {urn:soap}Envelope []",
        "start {urn:soap}Body [a=1 & 2 < \"3\"]",
        "start {urn:t}Item [{urn:t}Id=x]",
        "text caf\u{E9} & \u{263A} <raw>",
        "end {urn:t}Item",
        "start {urn:default}Plain []",
        "end {urn:default}Plain",
        "end {urn:soap}Body",
        "end {urn:soap}Envelope",
    ]

    @Test func reportsNamespacesAttributesAndDecodedText() throws {
        let recorder = EventRecorder()
        try XMLPushParser.parse(Array(Self.document.utf8), handler: recorder)
        #expect(recorder.events == Self.expected)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func givesTheSameEventsWhateverTheChunkSize(chunkSize: Int) throws {
        let recorder = EventRecorder()
        let parser = XMLPushParser(handler: recorder)
        let bytes = Array(Self.document.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunkSize, bytes.count)
            try parser.feed(bytes[start..<end])
            start = end
        }
        try parser.finish()
        #expect(recorder.events == Self.expected)
    }

    @Test func rejectsMalformedDocuments() {
        #expect(throws: XMLParseError.self) {
            try XMLPushParser.parse(Array("<a><b></a>".utf8), handler: EventRecorder())
        }
    }

    @Test func reportsATruncatedDocument() {
        let error = #expect(throws: XMLParseError.self) {
            try XMLPushParser.parse(Array("<a><b>text</b>".utf8), handler: EventRecorder())
        }
        #expect(error?.kind == .truncated || error?.kind == .malformed)
    }

    @Test func refusesADocumentTypeDeclarationSoNoEntityExpands() {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]>
            <a>&y;</a>
            """
        let recorder = EventRecorder()
        let error = #expect(throws: XMLParseError.self) {
            try XMLPushParser.parse(Array(bomb.utf8), handler: recorder)
        }
        #expect(error?.kind == .documentTypeDeclarationRefused)
        #expect(!recorder.events.contains { $0.contains("xxxx") })
    }

    @Test func stopsAtTheFirstErrorAHandlerThrows() {
        let handler = StoppingHandler()
        #expect(throws: Stop.self) {
            try XMLPushParser.parse(Array("<a><stop/><b/><c/></a>".utf8), handler: handler)
        }
        #expect(handler.starts == 2)
    }

    @Test func decodesUTF16Documents() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<?xml version=\"1.0\" encoding=\"utf-16\"?><a>\u{E9}t\u{E9}</a>".utf16 {
            bytes.append(UInt8(unit & 0xFF))
            bytes.append(UInt8(unit >> 8))
        }
        let recorder = EventRecorder()
        try XMLPushParser.parse(bytes, handler: recorder)
        #expect(recorder.events == ["start a []", "text \u{E9}t\u{E9}", "end a"])
    }
}
