import Testing

@testable import StreamingXML

@Suite("XMLWriter")
struct XMLWriterTests {
    func written(_ build: (inout XMLWriter) -> Void) -> String {
        var writer = XMLWriter()
        build(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func escapesTextAndAttributes() {
        let output = written { writer in
            writer.startElement("t:Subject")
            writer.attribute("Name", "a\"b<c>&d\te\nf")
            writer.text("1 < 2 & 3 > \"q\"\r\nnext\u{1}line\u{FFFE}")
            writer.endElement()
        }
        #expect(output == "<t:Subject Name=\"a&quot;b&lt;c&gt;&amp;d&#9;e&#10;f\">1 &lt; 2 &amp; 3 &gt; \"q\"&#13;\nnextline</t:Subject>")
    }

    @Test func closesEmptyElementsShortAndNestsOthers() {
        let output = written { writer in
            writer.element("m:A") { writer in
                writer.emptyElement("t:B", attributes: ["Id": "1"])
                writer.element("t:C", text: "")
            }
        }
        #expect(output == "<m:A><t:B Id=\"1\"/><t:C/></m:A>")
    }

    @Test func roundTripsThroughTheParser() throws {
        let hostile = "<&>\"' \u{263A} ]]> \t\n"
        var writer = XMLWriter()
        writer.startElement("t:X")
        writer.namespaceDeclaration(prefix: "t", uri: "urn:t")
        writer.attribute("v", hostile)
        writer.text(hostile)
        writer.endElement()
        let builder = XMLTreeBuilder()
        try XMLPushParser.parse(writer.bytes, handler: builder)
        let root = try #require(builder.root)
        #expect(root.name == XMLName("urn:t", "X"))
        #expect(root.attribute("v") == hostile)
        #expect(root.text == hostile)
    }
}
