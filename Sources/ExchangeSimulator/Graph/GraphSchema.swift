import Foundation

/// The Graph v1.0 CSDL subset (`Resources/GraphSchema/graph-v1-sync-subset.xml`), parsed at
/// start-up: structured types with their properties and base types, and enum types with their
/// members. Request bodies are checked against it the way Graph's OData layer does: unknown
/// properties on types that are not open, wrong JSON types and bad enum members are 400.
public struct GraphSchema: Sendable {
    struct Property: Sendable {
        var name: String
        /// `Edm.String`, `graph.dateTimeTimeZone`, ... (without `Collection(...)`).
        var type: String
        var isCollection: Bool
        var nullable: Bool
        var isNavigation: Bool
    }

    struct StructuredType: Sendable {
        var name: String
        var baseType: String?
        var isOpen: Bool
        var properties: [String: Property]
    }

    private(set) var types: [String: StructuredType] = [:]
    private(set) var enums: [String: Set<String>] = [:]

    public static let shared: GraphSchema = {
        do {
            var schema = try GraphSchema(contentsOf: bundledSchemaURL)
            try schema.add(contentsOf: bundledSchemaURL.deletingLastPathComponent().appendingPathComponent("graph-v1-attachment-types.xml"))
            return schema
        } catch {
            fatalError("The Graph CSDL subset did not load: \(error)")
        }
    }()

    static var bundledSchemaURL: URL {
        (Bundle.module.url(forResource: "GraphSchema", withExtension: nil, subdirectory: "Resources")
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources/GraphSchema", isDirectory: true))
            .appendingPathComponent("graph-v1-sync-subset.xml")
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(contentsOf url: URL) throws {
        try add(contentsOf: url)
        guard types["event"] != nil, types["contact"] != nil, types["todoTask"] != nil, enums["exchangeIdFormat"] != nil else {
            throw LoadError(description: "\(url.path): event, contact, todoTask or exchangeIdFormat is missing")
        }
    }

    /// Adds the types and enums of another CSDL file (types the subset's cut leaves out).
    mutating func add(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        let root: XMLElementNode
        do { root = try XMLTreeParser.parse(data) } catch { throw LoadError(description: "\(url.path): \(error.message)") }
        guard let schema = root.child("DataServices")?.child("Schema") else {
            throw LoadError(description: "\(url.path): no edmx:DataServices/Schema")
        }
        for element in schema.children {
            switch element.name {
            case "EnumType":
                guard let name = element[attribute: "Name"] else { continue }
                enums[name] = Set(element.children("Member").compactMap { $0[attribute: "Name"] })
            case "EntityType", "ComplexType":
                guard let name = element[attribute: "Name"] else { continue }
                var properties: [String: Property] = [:]
                for child in element.children where child.name == "Property" || child.name == "NavigationProperty" {
                    guard let propertyName = child[attribute: "Name"], var type = child[attribute: "Type"] else { continue }
                    let isCollection = type.hasPrefix("Collection(")
                    if isCollection { type = String(type.dropFirst("Collection(".count).dropLast()) }
                    properties[propertyName] = Property(
                        name: propertyName, type: type, isCollection: isCollection, nullable: child[attribute: "Nullable"] != "false",
                        isNavigation: child.name == "NavigationProperty")
                }
                types[name] = StructuredType(
                    name: name, baseType: element[attribute: "BaseType"].map(Self.localName), isOpen: element[attribute: "OpenType"] == "true",
                    properties: properties)
            default:
                continue
            }
        }
    }

    static func localName(_ qualified: String) -> String {
        if qualified.hasPrefix("graph.") { return String(qualified.dropFirst("graph.".count)) }
        if qualified.hasPrefix("microsoft.graph.") { return String(qualified.dropFirst("microsoft.graph.".count)) }
        return qualified
    }

    /// A property of a type or of one of its base types.
    func property(_ name: String, of typeName: String) -> Property? {
        var current: String? = typeName
        while let name0 = current, let type = types[name0] {
            if let property = type.properties[name] { return property }
            current = type.baseType
        }
        return nil
    }

    func isOpen(_ typeName: String) -> Bool {
        var current: String? = typeName
        while let name = current, let type = types[name] {
            if type.isOpen { return true }
            current = type.baseType
        }
        return false
    }

    func members(ofEnum name: String) -> Set<String>? { enums[Self.localName(name)] }

    // MARK: Checking request bodies

    /// Checks a request body for an entity of `typeName`; the first problem is a 400 with
    /// Graph's OData wording. Returns the body with enum members in the CSDL's spelling.
    @discardableResult
    func validate(_ body: GraphJSON, as typeName: String) throws(GraphError) -> GraphJSON {
        try validateObject(body, typeName: typeName, path: "")
    }

    private func validateObject(_ value: GraphJSON, typeName expected: String, path: String) throws(GraphError) -> GraphJSON {
        guard case .object(let members) = value else {
            throw invalid("A value of type '\(value.typeName)' was found where an object of type 'microsoft.graph.\(expected)' was expected\(at(path)).")
        }
        let typeName = try actualType(of: members, expected: expected)
        var result: [GraphJSON.Member] = []
        for member in members {
            // Instance annotations (`@odata.type`, `@odata.etag`, `x@odata.bind`...) are accepted and ignored.
            guard !member.key.contains("@"), let property = property(member.key, of: typeName) else {
                if member.key.contains("@") || isOpen(typeName) {
                    result.append(member)
                    continue
                }
                throw invalid(
                    "The property '\(member.key)' does not exist on type 'microsoft.graph.\(typeName)'. Make sure to only use property names that are defined by the type or mark the type as open type.")
            }
            result.append(.init(member.key, try validateValue(member.value, property: property, path: path.isEmpty ? member.key : "\(path).\(member.key)")))
        }
        return .object(result)
    }

    /// The type an object names with `@odata.type` (a type derived from the expected one, such
    /// as `#microsoft.graph.fileAttachment` where an `attachment` is expected), else the expected type.
    private func actualType(of members: [GraphJSON.Member], expected: String) throws(GraphError) -> String {
        guard let annotation = members.first(where: { $0.key == "@odata.type" })?.value.stringValue else { return expected }
        let named = Self.localName(annotation.hasPrefix("#") ? String(annotation.dropFirst()) : annotation)
        guard types[named] != nil else {
            throw invalid("A type named '\(annotation.hasPrefix("#") ? String(annotation.dropFirst()) : annotation)' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.")
        }
        var current: String? = named
        while let name = current {
            if name == expected { return named }
            current = types[name]?.baseType
        }
        throw invalid("The type 'microsoft.graph.\(named)' is not compatible with the expected type 'microsoft.graph.\(expected)'.")
    }

    private func validateValue(_ value: GraphJSON, property: Property, path: String) throws(GraphError) -> GraphJSON {
        if value.isNull {
            guard property.nullable else { throw invalid("A null value was found for the property named '\(property.name)', which has the expected type '\(property.type)'. The expected type does not allow null values.") }
            return value
        }
        if property.isCollection {
            guard case .array(let elements) = value else {
                throw invalid("A value of type '\(value.typeName)' was found for the property '\(path)', which expects a collection of '\(property.type)'.")
            }
            var element = property
            element.isCollection = false
            element.nullable = false
            var result: [GraphJSON] = []
            for (index, item) in elements.enumerated() { result.append(try validateValue(item, property: element, path: "\(path)[\(index)]")) }
            return .array(result)
        }
        return try validateScalar(value, type: property.type, path: path, propertyName: property.name)
    }

    private func validateScalar(_ value: GraphJSON, type: String, path: String, propertyName: String) throws(GraphError) -> GraphJSON {
        func mismatch() -> GraphError {
            invalid("Cannot convert the literal '\(literal(value))' to the expected type '\(type)' for the property '\(path)'.")
        }
        switch type {
        case "Edm.String", "Edm.Binary", "Edm.Guid":
            guard case .string = value else { throw mismatch() }
        case "Edm.Boolean":
            guard case .bool = value else { throw mismatch() }
        case "Edm.Int32":
            guard case .integer(let number) = value, Int32(exactly: number) != nil else { throw mismatch() }
        case "Edm.Int64", "Edm.Int16", "Edm.Byte":
            guard case .integer = value else { throw mismatch() }
        case "Edm.Double", "Edm.Single", "Edm.Decimal":
            switch value {
            case .integer, .double: break
            default: throw mismatch()
            }
        case "Edm.DateTimeOffset":
            guard case .string(let text) = value, EWSDateTime.parse(text, floatingIn: .gmt) != nil else { throw mismatch() }
        case "Edm.Date":
            guard case .string(let text) = value, text.count == 10, EWSDateTime.parseDate(text) != nil else { throw mismatch() }
        case "Edm.TimeOfDay", "Edm.Duration":
            guard case .string = value else { throw mismatch() }
        default:
            let local = Self.localName(type)
            if let members = enums[local] {
                guard case .string(let text) = value else { throw mismatch() }
                // Flags enums are written comma-separated; a plain enum holds one member. Members
                // match case-insensitively: Graph takes "contentType":"HTML", as its own docs write
                // (microsoftgraph/microsoft-graph-docs-contrib#3956 shows it working).
                var canonical: [String] = []
                for part in text.split(separator: ",") {
                    let name = part.trimmingCharacters(in: .whitespaces)
                    guard let member = members.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
                        throw invalid("The string '\(text)' is not a valid enumerated type constant for the property '\(path)' of type 'microsoft.graph.\(local)'.")
                    }
                    canonical.append(member)
                }
                return .string(canonical.joined(separator: ","))
            } else if types[local] != nil {
                return try validateObject(value, typeName: local, path: path)
            }
            // Types outside the subset (navigation targets such as attachmentBase) are not checked.
        }
        return value
    }

    private func literal(_ value: GraphJSON) -> String {
        switch value {
        case .string(let text): text
        default: value.serialized()
        }
    }

    private func at(_ path: String) -> String { path.isEmpty ? "" : " for the property '\(path)'" }

    private func invalid(_ message: String) -> GraphError {
        GraphError(400, "RequestBodyRead", message)
    }
}
