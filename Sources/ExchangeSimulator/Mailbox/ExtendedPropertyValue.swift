/// Checks an extended property's value against its declared MAPI type, as Exchange does.
enum ExtendedPropertyValue {
    static func check(_ property: XMLElementNode, type: String) throws(EWSError) {
        let isArray = type.hasSuffix("Array")
        let values: [String]
        if isArray {
            guard let list = property.child("Values") else {
                throw EWSError("ErrorInvalidExtendedPropertyValue", "An array property type needs Values, not Value.")
            }
            values = list.children.map(\.text)
        } else {
            guard let value = property.child("Value") else {
                throw EWSError("ErrorInvalidExtendedPropertyValue", "A single-valued property type needs Value, not Values.")
            }
            values = [value.text]
        }
        let scalar = isArray ? String(type.dropLast("Array".count)) : type
        for value in values where !isValid(value, scalar) {
            throw EWSError(
                "ErrorInvalidExtendedPropertyValue", "The extended property value '\(value)' is invalid for type \(type).")
        }
    }

    private static func isValid(_ value: String, _ type: String) -> Bool {
        switch type {
        case "Integer", "Short": Int32(value) != nil
        case "Long": Int64(value) != nil
        case "Boolean": value == "true" || value == "false" || value == "1" || value == "0"
        case "Double", "Float", "Currency", "ApplicationTime": Double(value) != nil
        case "SystemTime": EWSDateTime.parse(value, floatingIn: .gmt) != nil
        default: true
        }
    }
}
