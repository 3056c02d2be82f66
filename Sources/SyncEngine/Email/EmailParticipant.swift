import Foundation

/// A sender or recipient of a message: a display name and an address as the message carries them.
///
/// The address is kept as written (trimmed), so that a malformed one still reaches the CRM for a
/// person to read; only a well-formed address takes part in matching.
public struct EmailParticipant: Sendable, Hashable, Codable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        let trimmedName = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.name = trimmedName?.isEmpty == true ? nil : trimmedName
        self.address = address.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The address for comparisons: lower case, nil when it is not a plausible `local@domain`.
    public var matchableAddress: String? { EmailAddressRule.matchable(address) }
}
