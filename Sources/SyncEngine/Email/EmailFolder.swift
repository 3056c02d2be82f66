/// The mail folders e-mail tracking reads.
public enum EmailFolder: String, Sendable, Hashable, Codable, CaseIterable {
    /// EWS distinguished folder `inbox`, Graph well-known folder `inbox`.
    case inbox
    /// EWS distinguished folder `sentitems`, Graph well-known folder `sentitems`.
    case sentItems
}
