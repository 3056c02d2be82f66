import SyncEngine
import WindowsTimeZones

/// Compares a CRM record's fields with an Outlook item's, field by field.
///
/// Both sides are compared in the engine's normal form. Time zones are the one place where
/// equal does not mean identical: EWS speaks Windows zone ids, so `Europe/Zurich` written to
/// Outlook reads back as the zone's CLDR default (`Europe/Berlin`, both "W. Europe Standard
/// Time"). Two IANA ids that name the same Windows zone are the same value here.
enum DemoFieldComparison {
    static let zoneFields: Set<String> = [FieldName.startTimeZone, FieldName.endTimeZone]

    /// Names of the fields whose values differ, sorted.
    static func differences(record: FieldSet, item: FieldSet) -> [String] {
        let crm = record.normalized(), outlook = item.normalized()
        return crm.changedFields(comparedTo: outlook).filter { field in
            if zoneFields.contains(field), case .text(let left)? = crm[field], case .text(let right)? = outlook[field] {
                return !WindowsTimeZoneMapping.sameWindowsZone(left, right)
            }
            return true
        }
        .sorted()
    }

    /// A short rendering of a value for a divergence line.
    static func describe(_ value: FieldValue?) -> String {
        guard let value else { return "(none)" }
        switch value {
        case .text(let text): return "\"\(text)\""
        case .integer(let number): return String(number)
        case .boolean(let flag): return String(flag)
        case .instant(let date): return date.formatted(.iso8601)
        case .day(let day): return day
        case .list(let values): return "[" + values.map { describe($0) }.joined(separator: ", ") + "]"
        case .map(let values):
            return "{" + values.keys.sorted().map { "\($0): \(describe(values[$0]))" }.joined(separator: ", ") + "}"
        }
    }
}
