import Foundation

extension FieldSet {
    /// The same fields in the form the engine compares: text trimmed, instants at whole seconds, and
    /// empty text, lists and maps treated as absent, recursively. Typed models normalise further
    /// (e-mail case, category order) when they produce a `FieldSet`.
    public func normalized() -> FieldSet {
        var result: [String: FieldValue] = [:]
        for (field, value) in values {
            if let normalized = value.normalized() { result[field] = normalized }
        }
        return FieldSet(result)
    }
}

extension FieldValue {
    /// This value normalised (see `FieldSet.normalized()`), or `nil` when it amounts to nothing.
    public func normalized() -> FieldValue? {
        switch self {
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : .text(trimmed)
        case .instant(let date):
            return .instant(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
        case .list(let values):
            let normalized = values.compactMap { $0.normalized() }
            return normalized.isEmpty ? nil : .list(normalized)
        case .map(let values):
            var normalized: [String: FieldValue] = [:]
            for (key, value) in values {
                if let value = value.normalized() { normalized[key] = value }
            }
            return normalized.isEmpty ? nil : .map(normalized)
        case .integer, .boolean, .day:
            return self
        }
    }
}
