import Foundation

/// How an address written in a message becomes a key for matching CRM contacts.
///
/// Deliberately plain: one `@`, a non-empty local part, a domain with a dot and no empty label,
/// no spaces or angle brackets. Anything else (an X.500 `/O=…` legacy DN, `undisclosed-recipients:;`,
/// a typo) is malformed: it is kept on the record but matches nothing.
public enum EmailAddressRule {
    public static func matchable(_ address: String) -> String? {
        let lowered = address.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = lowered.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, lowered.count <= 254 else { return nil }
        let domainLabels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard domainLabels.count >= 2, !domainLabels.contains(where: \.isEmpty) else { return nil }
        let forbidden: Set<Character> = [" ", "\t", "<", ">", "(", ")", ",", ";", ":", "\\", "\""]
        guard !lowered.contains(where: { forbidden.contains($0) || $0.isNewline }) else { return nil }
        return lowered
    }
}
