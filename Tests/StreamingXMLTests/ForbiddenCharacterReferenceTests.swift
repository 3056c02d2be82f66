import Testing

@testable import StreamingXML

/// Exchange writes a stray control character of an item as `&#x1A;`, which XML 1.0 forbids:
/// read strictly, the whole response fails. With `replacingForbiddenCharacterReferences` such a
/// reference reads as U+FFFD, however the document is cut into chunks, and nothing else changes.
@Suite("Character references to forbidden characters")
struct ForbiddenCharacterReferenceTests {
    static let document = Array(
        #"<a t="1&#x1A;2">x&#x1A;y&#0;z&#65;&#x9;&amp;&#xFFFE;&#55296;&#1114112;&#x10FFFF;&#xfffd;&#x0000000001A;</a>"#.utf8)

    static func events(_ chunks: [ArraySlice<UInt8>], replacing: Bool) throws -> [String] {
        let recorder = EventRecorder()
        let parser = XMLPushParser(handler: recorder, replacingForbiddenCharacterReferences: replacing)
        for chunk in chunks { try parser.feed(Array(chunk)) }
        try parser.finish()
        recorder.flushText()
        return recorder.events
    }

    static let expected = [
        "start a [t=1\u{FFFD}2]", "text x\u{FFFD}y\u{FFFD}zA\t&\u{FFFD}\u{FFFD}\u{FFFD}\u{10FFFF}\u{FFFD}\u{FFFD}", "end a",
    ]

    @Test("Strict by default: the parser refuses the document, as libxml2 does")
    func strictByDefault() {
        #expect(throws: XMLParseError.self) { try Self.events([Self.document[...]], replacing: false) }
    }

    @Test("Each forbidden reference reads as U+FFFD, in text and attributes; allowed references and entities are untouched")
    func replaced() throws {
        #expect(try Self.events([Self.document[...]], replacing: true) == Self.expected)
    }

    @Test("The same events whichever byte the document is cut at (a reference split across chunks)")
    func everyCut() throws {
        for cut in 1..<Self.document.count {
            let events = try Self.events([Self.document[..<cut], Self.document[cut...]], replacing: true)
            #expect(events == Self.expected, "cut at \(cut)")
        }
        let bytes = try Self.events(Self.document.map { [$0][...] }, replacing: true)
        #expect(bytes == Self.expected, "one byte at a time")
    }

    @Test("A malformed reference is left to the parser, which still refuses it")
    func malformedStaysAnError() {
        for text in ["&#x;", "&#xZZ;", "&#12", "&#;"] {
            let document = Array("<a>\(text)</a>".utf8)
            #expect(throws: XMLParseError.self, "\(text)") { try Self.events([document[...]], replacing: true) }
        }
    }

    @Test("A document without a forbidden reference reaches the parser byte for byte")
    func untouchedWhenClean() {
        var filter = ForbiddenCharacterReferenceFilter()
        let clean = Array("<a>&amp; &#65; &lt;b&gt;</a>".utf8)
        #expect(clean.withUnsafeBytes { filter.filter($0, final: false) } == nil)
        #expect(Array("<a>no ampersand</a>".utf8).withUnsafeBytes { filter.filter($0, final: false) } == nil)
    }
}
