/// Evaluates a FindItem `Restriction` (search expression) against a stored item.
struct Restriction {
    let expression: XMLElementNode
    let renderer: ItemRenderer

    static let supported: Set<String> = [
        "And", "Or", "Not", "Exists", "IsEqualTo", "IsNotEqualTo", "IsGreaterThan", "IsGreaterThanOrEqualTo", "IsLessThan",
        "IsLessThanOrEqualTo", "Contains",
    ]

    /// Rejects what the simulator cannot evaluate rather than guessing.
    static func check(_ expression: XMLElementNode) throws(EWSError) {
        guard supported.contains(expression.name) else {
            throw EWSError("ErrorUnsupportedPathForQuery", "The simulator does not evaluate \(expression.name) restrictions.")
        }
        if ["And", "Or", "Not"].contains(expression.name) {
            for child in expression.children { try check(child) }
        }
    }

    func matches(_ item: StoredItem) -> Bool { evaluate(expression, item) }

    private func evaluate(_ node: XMLElementNode, _ item: StoredItem) -> Bool {
        switch node.name {
        case "And": return node.children.allSatisfy { evaluate($0, item) }
        case "Or": return node.children.contains { evaluate($0, item) }
        case "Not": return node.children.first.map { !evaluate($0, item) } ?? false
        case "Exists": return node.children.first.flatMap { value(of: $0, in: item) } != nil
        case "Contains":
            guard let path = node.children.first, let actual = value(of: path, in: item),
                let constant = node.child("Constant")?[attribute: "Value"]
            else { return false }
            let caseInsensitive = (node[attribute: "ContainmentComparison"] ?? "Exact").contains("IgnoreCase")
            let haystack = caseInsensitive ? actual.lowercased() : actual
            let needle = caseInsensitive ? constant.lowercased() : constant
            switch node[attribute: "ContainmentMode"] ?? "FullString" {
            case "Prefixed": return haystack.hasPrefix(needle)
            case "Substring": return haystack.contains(needle)
            default: return haystack == needle
            }
        default:
            guard let path = node.children.first, let actual = value(of: path, in: item),
                let constant = node.child("FieldURIOrConstant")?.child("Constant")?[attribute: "Value"]
            else { return node.name == "IsNotEqualTo" }
            let expected = normalized(constant, like: actual)
            switch node.name {
            case "IsEqualTo": return actual == expected
            case "IsNotEqualTo": return actual != expected
            case "IsGreaterThan": return compare(actual, expected) > 0
            case "IsGreaterThanOrEqualTo": return compare(actual, expected) >= 0
            case "IsLessThan": return compare(actual, expected) < 0
            case "IsLessThanOrEqualTo": return compare(actual, expected) <= 0
            default: return false
            }
        }
    }

    private func value(of path: XMLElementNode, in item: StoredItem) -> String? {
        switch path.name {
        case "ExtendedFieldURI":
            guard let key = ExtendedPropertyKey(fieldURI: path), let stored = item.extendedProperties[key] else { return nil }
            return stored.child("Value")?.text ?? stored.child("Values")?.children.map(\.text).joined(separator: ";")
        case "FieldURI":
            let name = ItemShape.propertyName(of: path[attribute: "FieldURI"] ?? "")
            guard let element = renderer.allProperties(of: item).first(where: { $0.name == name }) else { return nil }
            if name == "Categories" { return element.children.map(\.text).joined(separator: ";") }
            return element.text
        default:
            return nil
        }
    }

    private func normalized(_ constant: String, like actual: String) -> String {
        if actual.count == 20, actual.hasSuffix("Z"), let date = EWSDateTime.parse(constant, floatingIn: .gmt) {
            return EWSDateTime.format(date)
        }
        return constant
    }

    private func compare(_ lhs: String, _ rhs: String) -> Int {
        if let left = Double(lhs), let right = Double(rhs) { return left < right ? -1 : (left > right ? 1 : 0) }
        return lhs < rhs ? -1 : (lhs > rhs ? 1 : 0)
    }
}
