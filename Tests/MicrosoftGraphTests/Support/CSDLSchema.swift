import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The types of a CSDL document (EDMX 4.0), read with Foundation's `XMLParser`: structured
/// types with their base type, properties and navigation properties, and enum types with their members.
struct CSDLSchema {
    struct StructuredType {
        var baseType: String?
        /// Property and navigation property names to their CSDL type, e.g. `Collection(graph.attendee)`.
        var properties: [String: String] = [:]
    }

    var types: [String: StructuredType] = [:]
    var enums: [String: Set<String>] = [:]

    init(contentsOf url: URL) throws {
        let reader = Reader()
        let parser = XMLParser(contentsOf: url)!
        parser.delegate = reader
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        types = reader.types
        enums = reader.enums
    }

    /// The type of property `name` of `typeName`, looking through base types.
    func propertyType(_ name: String, of typeName: String) -> String? {
        var current: String? = typeName
        while let name0 = current, let type = types[name0] {
            if let found = type.properties[name] { return found }
            current = type.baseType.map { $0.replacingOccurrences(of: "graph.", with: "") }
        }
        return nil
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var types: [String: StructuredType] = [:]
        var enums: [String: Set<String>] = [:]
        private var currentType: String?
        private var currentEnum: String?

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch element {
            case "EntityType", "ComplexType":
                guard let name = attributes["Name"] else { return }
                currentType = name
                types[name] = StructuredType(baseType: attributes["BaseType"])
            case "EnumType":
                currentEnum = attributes["Name"]
                if let name = currentEnum { enums[name] = [] }
            case "Property", "NavigationProperty":
                if let type = currentType, let name = attributes["Name"], let propertyType = attributes["Type"] {
                    types[type]?.properties[name] = propertyType
                }
            case "Member":
                if let name = currentEnum, let member = attributes["Name"] { enums[name]?.insert(member) }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            switch element {
            case "EntityType", "ComplexType": currentType = nil
            case "EnumType": currentEnum = nil
            default: break
            }
        }
    }
}
