import CLibXML2
import Foundation

/// Parses a document with libxml2 into an `XMLElementNode` tree.
public enum XMLTreeParser {
    public struct NotWellFormed: Error, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    public static func parse(_ data: Data) throws(NotWellFormed) -> XMLElementNode {
        xmlInitParser()
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOBLANKS.rawValue)
        let document: xmlDocPtr? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            return xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), "request.xml", nil, options)
        }
        guard let document else {
            var line = 0
            var column = 0
            var message = "The request is not well-formed XML."
            if let error = xmlGetLastError() {
                line = Int(error.pointee.line)
                column = Int(error.pointee.int2)
                if let text = error.pointee.message {
                    message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            throw NotWellFormed(line: line, column: column, message: message)
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            throw NotWellFormed(line: 0, column: 0, message: "The document has no root element.")
        }
        return convert(root)
    }

    private static func convert(_ node: xmlNodePtr) -> XMLElementNode {
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        let namespace = node.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
        var element = XMLElementNode(namespace, name, line: Int(xmlGetLineNo(node)))
        var attribute = node.pointee.properties
        while let current = attribute {
            let attributeName = current.pointee.name.map { String(cString: $0) } ?? ""
            var value = ""
            if let text = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                value = String(cString: text)
                free(text)
            }
            element.attributes.append(.init(name: attributeName, value: value))
            attribute = current.pointee.next
        }
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(convert(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default:
                break
            }
            child = current.pointee.next
        }
        element.text = element.children.isEmpty ? text : ""
        return element
    }
}
