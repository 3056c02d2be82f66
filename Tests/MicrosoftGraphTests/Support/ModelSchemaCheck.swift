import Foundation
import MicrosoftGraph

protocol OptionalMetatype { static var wrappedType: Any.Type { get } }
extension Optional: OptionalMetatype { static var wrappedType: Any.Type { Wrapped.self } }
protocol ArrayMetatype { static var elementType: Any.Type { get } }
extension Array: ArrayMetatype { static var elementType: Any.Type { Element.self } }

/// Compares models with the CSDL by reflection: every property a model declares (found through
/// `Mirror` on an empty value, so a new property is checked without being listed) must exist in
/// the CSDL type under the same JSON name with the same type; every enum member the models use
/// must exist. Nested models and enums are followed, so one root reaches all it uses.
struct ModelSchemaCheck {
    let schema: CSDLSchema
    /// OData annotations a model may carry, JSON name to Swift property name.
    static let annotations = ["@odata.etag": "etag", "@odata.type": "odataType"]

    private(set) var problems: [String] = []
    private(set) var checkedProperties = 0
    private(set) var checkedEnumMembers = 0
    private var visited: Set<String> = []

    init(schema: CSDLSchema) { self.schema = schema }

    mutating func check(_ model: any GraphModel.Type) {
        checkModel(model)
    }

    private mutating func checkModel<M: GraphModel>(_ model: M.Type) {
        let typeName = M.graphTypeName
        guard visited.insert("\(M.self)").inserted else { return }
        guard schema.types[typeName] != nil else {
            problems.append("\(M.self): the CSDL has no type \(typeName)")
            return
        }
        let keys = Set(M.CodingKeys.allCases.map(\.stringValue))
        var labels: Set<String> = []
        for child in Mirror(reflecting: M()).children {
            guard let label = child.label else { continue }
            labels.insert(label)
            let swiftType = type(of: child.value)
            if Self.annotations.values.contains(label) { continue }
            guard keys.contains(label) else {
                problems.append("\(M.self).\(label): the JSON name differs from the property name")
                continue
            }
            checkedProperties += 1
            guard let csdlType = schema.propertyType(label, of: typeName) else {
                problems.append("\(M.self).\(label): \(typeName) has no property \(label) in the CSDL")
                continue
            }
            guard let edm = swiftType as? any EdmTyped.Type else {
                problems.append("\(M.self).\(label): \(swiftType) declares no EDM type")
                continue
            }
            if edm.edmTypeName != csdlType {
                problems.append("\(M.self).\(label): the model says \(edm.edmTypeName), the CSDL says \(csdlType)")
            }
            follow(swiftType)
        }
        for annotation in Self.annotations where keys.contains(annotation.key) && !labels.contains(annotation.value) {
            problems.append("\(M.self): the key \(annotation.key) is not stored in \(annotation.value)")
        }
        for key in keys where !labels.contains(key) && Self.annotations[key] == nil {
            problems.append("\(M.self): coding key \(key) has no property")
        }
    }

    /// Follows a property's type down to nested models and enums.
    private mutating func follow(_ type: Any.Type) {
        if let optional = type as? any OptionalMetatype.Type { return follow(optional.wrappedType) }
        if let array = type as? any ArrayMetatype.Type { return follow(array.elementType) }
        if let model = type as? any GraphModel.Type { return checkModel(model) }
        if let enumeration = type as? any GraphEnum.Type { checkEnum(enumeration) }
    }

    private mutating func checkEnum<E: GraphEnum>(_ type: E.Type) {
        guard visited.insert("\(E.self)").inserted else { return }
        guard let members = schema.enums[E.graphTypeName] else {
            problems.append("\(E.self): the CSDL has no enum type \(E.graphTypeName)")
            return
        }
        for value in E.allCases {
            checkedEnumMembers += 1
            if !members.contains(value.rawValue) {
                problems.append("\(E.self).\(value.rawValue): not a member of \(E.graphTypeName) in the CSDL")
            }
        }
    }
}
