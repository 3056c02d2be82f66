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

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"
            default: result.append(character)
            }
        }
        return result
    }
}
