/// Writes XML into a byte buffer, escaping text and attribute values.
///
/// Names are written as given (with their prefix, `t:Subject`): the caller declares the
/// prefixes it uses with `namespaceDeclaration`. Characters XML 1.0 cannot carry (most
/// C0 controls, U+FFFE, U+FFFF) are dropped rather than producing a document the server rejects.
public struct XMLWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var openNames: [String] = []
    private var startTagOpen = false

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// `<?xml version="1.0" encoding="utf-8"?>`
    public mutating func declaration() {
        bytes.append(contentsOf: #"<?xml version="1.0" encoding="utf-8"?>"#.utf8)
    }

    public mutating func startElement(_ qualifiedName: String) {
        closeStartTag()
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: qualifiedName.utf8)
        openNames.append(qualifiedName)
        startTagOpen = true
    }

    /// Adds an attribute to the element just started.
    public mutating func attribute(_ qualifiedName: String, _ value: String) {
        precondition(startTagOpen, "XMLWriter.attribute outside a start tag")
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: qualifiedName.utf8)
        bytes.append(contentsOf: #"=""#.utf8)
        appendEscaped(value, inAttribute: true)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Declares `xmlns:prefix="uri"` on the element just started.
    public mutating func namespaceDeclaration(prefix: String, uri: String) {
        attribute("xmlns:\(prefix)", uri)
    }

    public mutating func text(_ value: String) {
        guard !value.isEmpty else { return }
        closeStartTag()
        appendEscaped(value, inAttribute: false)
    }

    /// Closes the innermost open element (as `<x/>` when it has no content).
    public mutating func endElement() {
        guard let name = openNames.popLast() else { preconditionFailure("XMLWriter.endElement with no open element") }
        if startTagOpen {
            bytes.append(contentsOf: "/>".utf8)
            startTagOpen = false
        } else {
            bytes.append(contentsOf: "</".utf8)
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: ">"))
        }
    }

    /// `<name>text</name>`
    public mutating func element(_ qualifiedName: String, text value: String) {
        startElement(qualifiedName)
        text(value)
        endElement()
    }

    /// `<name a="v" .../>`
    public mutating func emptyElement(_ qualifiedName: String, attributes: KeyValuePairs<String, String> = [:]) {
        startElement(qualifiedName)
        for (name, value) in attributes { attribute(name, value) }
        endElement()
    }

    /// Writes an element and what `content` writes inside it.
    public mutating func element(_ qualifiedName: String, _ content: (inout XMLWriter) throws -> Void) rethrows {
        startElement(qualifiedName)
        try content(&self)
        endElement()
    }

    /// The number of elements still open.
    public var depth: Int { openNames.count }

    private mutating func closeStartTag() {
        if startTagOpen {
            bytes.append(UInt8(ascii: ">"))
            startTagOpen = false
        }
    }

    private mutating func appendEscaped(_ value: String, inAttribute: Bool) {
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                let replacement: StaticString?
                var skip = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\"") where inAttribute: replacement = "&quot;"
                case 0x09 where inAttribute: replacement = "&#9;"
                case 0x0A where inAttribute: replacement = "&#10;"
                case 0x0D: replacement = "&#13;"
                case 0x09, 0x0A: replacement = nil
                case 0x00..<0x20: replacement = ""
                case 0xEF where index + 2 < count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                    // U+FFFE and U+FFFF are not XML characters.
                    replacement = ""
                    skip = 3
                default: replacement = nil
                }
                if let replacement {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                    index += skip
                    runStart = index
                } else {
                    index += 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
    }
}
