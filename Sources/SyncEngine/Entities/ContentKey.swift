import Foundation

/// A deterministic key identifying "the same thing" on both sides, used during a full resync to
/// re-match items that carry no tag to records (after matching by tag).
///
/// Contact: first e-mail address, otherwise display name (or given name + surname) and company.
/// Appointment: subject and start. Task: subject and due date. Text compares case-insensitively.
public enum ContentKey {
    public static func make(kind: EntityKind, fields: FieldSet) -> String {
        switch kind {
        case .contact:
            if let email = text(fields[FieldName.emailAddresses[0]]), !email.isEmpty { return "contact|email|" + email }
            let name = text(fields[FieldName.displayName])
                ?? [text(fields[FieldName.givenName]), text(fields[FieldName.surname])].compactMap { $0 }.joined(separator: " ")
            return "contact|name|" + name + "|" + (text(fields[FieldName.companyName]) ?? "")
        case .appointment:
            return "appointment|" + (text(fields[FieldName.subject]) ?? "") + "|" + (text(fields[FieldName.start]) ?? "")
        case .task:
            return "task|" + (text(fields[FieldName.subject]) ?? "") + "|" + (text(fields[FieldName.dueDate]) ?? "")
        }
    }

    private static func text(_ value: FieldValue?) -> String? {
        switch value?.normalized() {
        case .text(let text)?: return text.lowercased()
        case .instant(let date)?: return String(Int64(date.timeIntervalSince1970))
        case .day(let day)?: return day
        case .integer(let number)?: return String(number)
        default: return nil
        }
    }
}
