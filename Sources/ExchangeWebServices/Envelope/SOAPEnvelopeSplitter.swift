/// Cuts a byte stream that carries one complete SOAP envelope after another (a
/// GetStreamingEvents response) into documents, at each envelope's end tag, whatever the
/// chunk boundaries. An end tag cannot occur in character data (`<` is escaped there), so the
/// first `</prefix:Envelope>` after a document's start ends it.
struct SOAPEnvelopeSplitter {
    /// A document larger than this is refused rather than buffered for ever.
    var maximumDocumentSize = 16 * 1024 * 1024

    private var buffer: [UInt8] = []
    /// Where the search for the next end tag resumes.
    private var scanFrom = 0
    private static let marker = Array("Envelope>".utf8)

    struct DocumentTooLarge: Error, CustomStringConvertible {
        var limit: Int
        var description: String { "a streamed SOAP envelope exceeded \(limit) bytes" }
    }

    /// Adds `bytes` and returns the documents they complete, in order, leading whitespace removed.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var documents: [[UInt8]] = []
        while let end = nextEnd() {
            let document = buffer[..<end].drop { Self.isWhitespace($0) }
            documents.append(Array(document))
            buffer.removeFirst(end)
            scanFrom = 0
        }
        scanFrom = max(0, buffer.count - Self.marker.count + 1)
        if buffer.count > maximumDocumentSize { throw DocumentTooLarge(limit: maximumDocumentSize) }
        return documents
    }

    /// Bytes after the last complete envelope, other than whitespace (a body cut short).
    var hasPartialDocument: Bool { buffer.contains { !Self.isWhitespace($0) } }

    private func nextEnd() -> Int? {
        let marker = Self.marker
        var index = scanFrom
        while index + marker.count <= buffer.count {
            if buffer[index] == marker[0], buffer[index..<index + marker.count].elementsEqual(marker) {
                var start = index
                if start > 0, buffer[start - 1] == UInt8(ascii: ":") {
                    start -= 1
                    while start > 0, Self.isNameByte(buffer[start - 1]) { start -= 1 }
                }
                if start >= 2, buffer[start - 2] == UInt8(ascii: "<"), buffer[start - 1] == UInt8(ascii: "/") {
                    return index + marker.count
                }
            }
            index += 1
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: byte >= 0x80
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
