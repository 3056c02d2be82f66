import Foundation

/// The OData query options the Graph side understands: `$top`, `$skip`, `$select`, `$expand`
/// of `singleValueExtendedProperties`, and `$filter` on an extended property (find by tag).
/// Any other `$filter` is refused with 400 rather than silently ignored.
struct GraphQueryOptions {
    var top: Int?
    var skip = 0
    var select: Set<String>?
    var expandedExtendedProperties: [String]?
    /// `$expand=linkedResources` (To Do tasks).
    var expandsLinkedResources = false
    /// `$expand=exceptionOccurrences` (a series master's exceptions).
    var expandsExceptionOccurrences = false
    /// `singleValueExtendedProperties/any(ep: ep/id eq 'ID' and ep/value eq 'VALUE')`.
    var extendedPropertyFilter: (id: String, value: String)?

    init(_ query: [String: String]) throws(GraphError) {
        if let text = query["$top"] {
            guard let value = Int(text), value >= 0 else { throw GraphError.badRequest("Invalid $top value '\(text)'.", code: "BadRequest") }
            top = value
        }
        if let text = query["$skip"] {
            guard let value = Int(text), value >= 0 else { throw GraphError.badRequest("Invalid $skip value '\(text)'.", code: "BadRequest") }
            skip = value
        }
        if let text = query["$select"] {
            select = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if let text = query["$expand"] {
            for item in Self.topLevelItems(of: text) {
                let trimmed = item.trimmingCharacters(in: .whitespaces)
                if trimmed == "linkedResources" {
                    expandsLinkedResources = true
                } else if trimmed == "exceptionOccurrences" {
                    expandsExceptionOccurrences = true
                } else {
                    guard trimmed.lowercased().hasPrefix("singlevalueextendedproperties") else {
                        throw GraphError.badRequest(
                            "The simulator supports $expand of singleValueExtendedProperties, exceptionOccurrences and linkedResources only, not '\(text)'.")
                    }
                    expandedExtendedProperties = Self.quotedValues(after: "id eq ", in: trimmed)
                }
            }
        }
        if let text = query["$filter"] {
            let lowered = text.lowercased()
            guard lowered.hasPrefix("singlevalueextendedproperties/any("),
                let id = Self.quotedValues(after: "/id eq ", in: text).first,
                let value = Self.quotedValues(after: "/value eq ", in: text).first
            else {
                throw GraphError.badRequest(
                    "The simulator supports $filter=singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…') only, not '\(text)'.",
                    code: "ErrorInvalidUrlQueryFilter")
            }
            guard GraphExtendedProperty(graphId: id) != nil else {
                throw GraphError.badRequest("The extended property id '\(id)' in $filter is not valid.", code: "ErrorInvalidProperty")
            }
            extendedPropertyFilter = (id, value)
        }
    }

    /// The comma-separated items of an option, commas inside parentheses or quotes left alone
    /// (`exceptionOccurrences,singleValueExtendedProperties($filter=id eq 'a' or id eq 'b')`).
    static func topLevelItems(of text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for character in text {
            switch character {
            case "'": quoted.toggle()
            case "(" where !quoted: depth += 1
            case ")" where !quoted: depth -= 1
            case "," where !quoted && depth == 0:
                items.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        items.append(current)
        return items
    }

    /// The single-quoted literals that follow `marker` (case-insensitive), `''` unescaped.
    static func quotedValues(after marker: String, in text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: marker, options: .caseInsensitive) {
            rest = rest[range.upperBound...]
            guard rest.first == "'" else { continue }
            rest = rest.dropFirst()
            var value = ""
            while let character = rest.first {
                rest = rest.dropFirst()
                if character == "'" {
                    if rest.first == "'" {
                        value.append("'")
                        rest = rest.dropFirst()
                        continue
                    }
                    break
                }
                value.append(character)
            }
            result.append(value)
        }
        return result
    }

    /// Whether an item passes the extended-property filter.
    func matches(_ item: StoredItem) -> Bool {
        guard let filter = extendedPropertyFilter else { return true }
        guard let property = GraphExtendedProperty(graphId: filter.id), let stored = item.extendedProperties[property.key] else {
            return false
        }
        return GraphExtendedProperty.value(of: stored) == filter.value
    }

    func apply(to options: inout GraphRenderOptions) {
        options.select = select
        options.expandedExtendedProperties = expandedExtendedProperties
        options.expandsLinkedResources = expandsLinkedResources
        options.expandsExceptionOccurrences = expandsExceptionOccurrences
    }
}
