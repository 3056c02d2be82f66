import Foundation

/// Serializes `XMLElementNode` trees with the prefixes Exchange uses (s, m, t, e).
public enum XMLWriter {
    static let prefixes: [String: String] = [
        EWSNamespace.soap: "s", EWSNamespace.messages: "m", EWSNamespace.types: "t", EWSNamespace.errors: "e",
    ]

    /// Writes a whole document; the root declares every namespace used below it.
    public static func document(_ root: XMLElementNode) -> String {
        var output = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        var used = Set<String>()
        collectNamespaces(root, into: &used)
        write(root, into: &output, declare: used)
        return output
    }

    private static func collectNamespaces(_ element: XMLElementNode, into set: inout Set<String>) {
        if !element.namespace.isEmpty { set.insert(element.namespace) }
        for child in element.children { collectNamespaces(child, into: &set) }
    }

    private static func qualifiedName(_ element: XMLElementNode) -> String {
        guard let prefix = prefixes[element.namespace] else { return element.name }
        return "\(prefix):\(element.name)"
    }

    private static func write(_ element: XMLElementNode, into output: inout String, declare: Set<String>) {
        let name = qualifiedName(element)
        output += "<" + name
        for namespace in declare.sorted() {
            if let prefix = prefixes[namespace] {
                output += " xmlns:\(prefix)=\"\(escape(namespace))\""
            } else if namespace == element.namespace {
                output += " xmlns=\"\(escape(namespace))\""
            }
        }
        for attribute in element.attributes {
            output += " \(attribute.name)=\"\(escape(attribute.value))\""
        }
        if element.children.isEmpty && element.text.isEmpty {
            output += "/>"
            return
        }
        output += ">"
        if element.children.isEmpty {
            output += escape(element.text)
        } else {
            for child in element.children { write(child, into: &output, declare: []) }
        }
        output += "</" + name + ">"
    }

    /// Escapes text as Exchange does, including its one departure from XML 1.0: a character XML
    /// forbids (a C0 control but tab, line feed and carriage return; U+FFFE, U+FFFF) is written
    /// as a character reference (`&#x1A;`), which strict parsers refuse (see
    /// OfficeDev/ews-java-api#233, #353; ecederstrand/exchangelib#1200).
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": result += "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The references `escape` writes for forbidden characters, each replaced by U+FFFD, so that a
    /// strict parser can check the rest of the document; nil when there are none.
    static func forbiddenCharacterReferencesReplaced(in document: Data) -> Data? {
        let bytes = [UInt8](document)
        let marker = Array("&#x".utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index + marker.count < bytes.count {
            guard bytes[index] == marker[0], bytes[index + 1] == marker[1], bytes[index + 2] == marker[2] else {
                index += 1
                continue
            }
            var end = index + 3
            while end < bytes.count, end - index < 8, bytes[end] != UInt8(ascii: ";") { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: ";"),
                let value = UInt32(String(decoding: bytes[(index + 3)..<end], as: UTF8.self), radix: 16),
                value < 0x20 && value != 0x9 && value != 0xA && value != 0xD || value == 0xFFFE || value == 0xFFFF
            else {
                index += 1
                continue
            }
            output.append(contentsOf: bytes[copied..<index])
            output.append(contentsOf: "\u{FFFD}".utf8)
            index = end + 1
            copied = index
        }
        guard copied > 0 else { return nil }
        output.append(contentsOf: bytes[copied...])
        return Data(output)
    }
}
