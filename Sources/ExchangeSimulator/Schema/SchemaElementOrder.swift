import Foundation

/// The element sequences of the EWS complex types, read from `types.xsd` at start-up, so
/// that responses list item and folder properties in exactly the schema's order.
public struct SchemaElementOrder: Sendable {
    public struct Member: Sendable, Hashable {
        public var name: String
        /// The XSD type, e.g. `xs:dateTime`, `t:BodyType`.
        public var type: String
    }

    /// Members of each complex type, base type members first.
    private let membersByType: [String: [Member]]
    private let positionByType: [String: [String: Int]]

    /// The order for the schema shipped with the simulator.
    public static let shared: SchemaElementOrder = {
        let url = EWSSchemaValidator.bundledSchemaDirectory.appendingPathComponent("types.xsd")
        do {
            return try SchemaElementOrder(typesSchema: Data(contentsOf: url))
        } catch {
            fatalError("cannot read the EWS types schema at \(url.path): \(error)")
        }
    }()

    public init(typesSchema: Data) throws {
        let root = try XMLTreeParser.parse(typesSchema)
        var direct: [String: (base: String?, members: [Member])] = [:]
        for complexType in root.children("complexType") {
            guard let name = complexType[attribute: "name"] else { continue }
            var base: String?
            var body = complexType
            if let content = complexType.child("complexContent"), let extensionNode = content.child("extension") {
                base = extensionNode[attribute: "base"].map(Self.localName)
                body = extensionNode
            }
            var members: [Member] = []
            Self.collect(body, into: &members)
            direct[name] = (base, members)
        }
        var resolved: [String: [Member]] = [:]
        func resolve(_ name: String, depth: Int = 0) -> [Member] {
            if let done = resolved[name] { return done }
            guard let entry = direct[name], depth < 20 else { return [] }
            let all = (entry.base.map { resolve($0, depth: depth + 1) } ?? []) + entry.members
            resolved[name] = all
            return all
        }
        for name in direct.keys { _ = resolve(name) }
        membersByType = resolved
        var positions: [String: [String: Int]] = [:]
        for (name, members) in resolved {
            var map: [String: Int] = [:]
            for (index, member) in members.enumerated() where map[member.name] == nil { map[member.name] = index }
            positions[name] = map
        }
        positionByType = positions
    }

    private static func localName(_ qualified: String) -> String {
        qualified.split(separator: ":").last.map(String.init) ?? qualified
    }

    private static func collect(_ node: XMLElementNode, into members: inout [Member]) {
        for child in node.children {
            switch child.name {
            case "element":
                if let name = child[attribute: "name"] {
                    members.append(Member(name: name, type: child[attribute: "type"] ?? ""))
                } else if let reference = child[attribute: "ref"] {
                    members.append(Member(name: localName(reference), type: reference))
                }
            case "sequence", "choice", "all":
                collect(child, into: &members)
            default:
                break
            }
        }
    }

    public func members(of complexType: String) -> [Member] { membersByType[complexType] ?? [] }

    public func has(_ element: String, in complexType: String) -> Bool { positionByType[complexType]?[element] != nil }

    public func type(of element: String, in complexType: String) -> String? {
        guard let index = positionByType[complexType]?[element] else { return nil }
        return membersByType[complexType]?[index].type
    }

    /// Sorts elements into the type's sequence order (stable for repeated elements).
    public func sorted(_ elements: [XMLElementNode], as complexType: String) -> [XMLElementNode] {
        guard let positions = positionByType[complexType] else { return elements }
        return elements.enumerated().sorted { lhs, rhs in
            let left = positions[lhs.element.name] ?? Int.max
            let right = positions[rhs.element.name] ?? Int.max
            return left == right ? lhs.offset < rhs.offset : left < right
        }.map(\.element)
    }
}
