import Foundation

/// The API a running service reaches an environment's mailboxes through, as it last decided,
/// so that `status` and the HTTP API show what `serve` chose (and why) without asking again.
public struct StoredAPIChoice: Sendable, Hashable, Codable {
    /// `ews` or `graph`.
    public var api: String
    /// Chosen by `"Api": "Auto"`, rather than named in the configuration.
    public var automatic: Bool
    /// What the operator should do about it (English, then French), nil when nothing.
    public var notice: String?
    public var decidedAt: Date

    public init(api: String, automatic: Bool, notice: String?, decidedAt: Date) {
        self.api = api
        self.automatic = automatic
        self.notice = notice
        self.decidedAt = decidedAt
    }
}
