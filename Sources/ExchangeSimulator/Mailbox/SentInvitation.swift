import Foundation

/// A meeting message the simulated Exchange would have sent (nothing is ever delivered).
public struct SentInvitation: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case request, update, cancellation }
    public var kind: Kind
    public var organizer: String
    public var subject: String
    public var recipients: [String]
    /// The SendMeetingInvitations / SendMeetingInvitationsOrCancellations value that caused it.
    public var mode: String
    public var sentAt: Date
}

/// One EWS request as the simulator saw it: enough for tests to count calls.
public struct EWSRequestRecord: Sendable, Hashable, Codable {
    public var operation: String
    public var tenantId: String?
    public var mailbox: String?
    public var httpStatus: Int
    /// `NoError`, the fault code, or the first error code of a batch.
    public var responseCode: String
    public var receivedAt: Date
}
