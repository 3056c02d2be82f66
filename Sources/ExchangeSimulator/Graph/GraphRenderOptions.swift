import Foundation

/// How the Graph side writes items for one request: which id format, which time zone, which
/// extended properties were asked for with `$expand`.
struct GraphRenderOptions: Sendable {
    /// `Prefer: IdType="ImmutableId"`.
    var immutableIds = false
    /// `Prefer: outlook.timezone` on a GET; nil means UTC.
    var timeZone: String?
    /// `$expand=singleValueExtendedProperties(...)`: nil when not expanded; an empty list expands all.
    var expandedExtendedProperties: [String]?
    /// `$expand=linkedResources` on a To Do task.
    var expandsLinkedResources = false
    /// `$expand=exceptionOccurrences` on a series master.
    var expandsExceptionOccurrences = false
    /// `$select`, when given: the properties to write besides id and etag.
    var select: Set<String>?

    var zoneName: String { timeZone ?? "UTC" }

    /// Whether `property` is written (`$select` absent or naming it).
    func includes(_ property: String) -> Bool { select?.contains(property) ?? true }
}
