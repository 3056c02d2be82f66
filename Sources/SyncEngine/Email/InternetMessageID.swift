import Foundation

/// The `Message-ID` header of a message (EWS `InternetMessageId`, Graph `internetMessageId`):
/// the one identifier a message keeps across every mailbox it reaches, hence the key of a tracked e-mail.
public struct InternetMessageID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// As the header carries it, surrounding whitespace removed, `<` and `>` added when missing.
    public let rawValue: String

    /// Nil for an empty value (a draft, or a message a server stored without the header).
    public init?(_ text: String) {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed != "<>" else { return nil }
        if !trimmed.hasPrefix("<") { trimmed = "<" + trimmed }
        if !trimmed.hasSuffix(">") { trimmed += ">" }
        rawValue = trimmed
    }

    /// The identifiers of a `References` or `In-Reply-To` header, in order.
    public static func list(fromHeader header: String) -> [InternetMessageID] {
        var identifiers: [InternetMessageID] = []
        var current = ""
        var inside = false
        for character in header {
            switch character {
            case "<": inside = true; current = "<"
            case ">" where inside:
                current.append(">")
                if let identifier = InternetMessageID(current) { identifiers.append(identifier) }
                inside = false; current = ""
            default: if inside { current.append(character) }
            }
        }
        if identifiers.isEmpty, let single = InternetMessageID(header), !header.contains(" ") { return [single] }
        return identifiers
    }

    public var description: String { rawValue }
    public static func < (lhs: InternetMessageID, rhs: InternetMessageID) -> Bool { lhs.rawValue < rhs.rawValue }
}
