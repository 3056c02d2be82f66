import Foundation
import SyncStore

/// The API the service reaches an environment through, as it last chose it, and what the
/// operator should do about it (`Api: Auto` on EWS for want of the Graph roles).
public struct APIChoiceRepresentation: Encodable, Sendable {
    /// `ews` or `graph`.
    public var api: String
    /// Chosen by `"Api": "Auto"` at the service's start, rather than configured.
    public var automatic: Bool
    /// What to do, in English then in French (one line each); absent when nothing.
    public var notice: String?
    public var decidedAt: Date

    public init(_ choice: StoredAPIChoice) {
        api = choice.api
        automatic = choice.automatic
        notice = choice.notice
        decidedAt = choice.decidedAt
    }
}
