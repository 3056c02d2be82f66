import ExchangeWebServices
import MicrosoftIdentity
import SyncEngine
import SyncStore

/// A cycle that did not commit, with what an operator needs: environment, mailbox, the step that
/// failed, the upstream code when there is one, and what to do.
public struct SyncCycleError: Error, Sendable, CustomStringConvertible {
    /// The step of the cycle that failed.
    public enum Stage: String, Sendable, Hashable, Codable {
        case readingOutlook = "reading Outlook changes"
        case readingCRM = "reading CRM changes"
        case recoveringIntents = "looking for items created before an interruption"
        case writingOutlook = "writing to Outlook"
        case committing = "committing the results"
        case starting = "starting the run"
    }

    public var environment: String
    public var mailbox: MailboxAddress
    public var stage: Stage
    /// What went wrong underneath (an `EWSError`, a `SyncStoreError`, a `MailboxConnectorError`...).
    public var underlying: any Error

    public init(environment: String, mailbox: MailboxAddress, stage: Stage, underlying: any Error) {
        self.environment = environment
        self.mailbox = mailbox
        self.stage = stage
        self.underlying = underlying
    }

    /// Exchange is throttling (or busy): wait before the next attempt.
    public var isThrottled: Bool {
        if let token = underlying as? TokenRequestError { return token.kind == .throttled }
        guard let ews = underlying as? EWSError else { return false }
        return ews.kind == .throttled || ews.code == .errorServerBusy
    }

    /// How long Exchange (or Entra ID) asked to wait, when it said.
    public var backOff: Duration? {
        (underlying as? EWSError)?.backOff ?? (underlying as? TokenRequestError)?.retryAfter
    }

    /// The cycle was stopped (shutdown, cancellation) before its commit.
    public var isCancellation: Bool { underlying is CancellationError }

    /// Another worker took the mailbox: this one's results were refused, nothing was applied.
    public var isLeaseLost: Bool {
        if case .leaseLost? = underlying as? SyncStoreError { return true }
        return false
    }

    /// The upstream error code (`ErrorServerBusy`, `ErrorInvalidSyncStateData`...), when there is one.
    public var upstreamCode: String? {
        if let ews = underlying as? EWSError { return ews.code?.rawValue }
        if let token = underlying as? TokenRequestError { return token.upstreamCode ?? token.oauthError.map { "\($0)" } }
        if case .cursorRejected? = underlying as? MailboxConnectorError { return "ErrorInvalidSyncStateData" }
        return nil
    }

    /// A one-line message for the mailbox status and the run history (no secret, no field value).
    public var message: String {
        "environment \(environment), mailbox \(mailbox): failed while \(stage.rawValue): \(String(describing: underlying))"
    }

    /// What to do about it.
    public var remedy: String {
        if let ews = underlying as? EWSError { return ews.remedy }
        if let token = underlying as? TokenRequestError {
            if token.isTransient { return "Entra ID is unavailable or throttling; the next cycle retries." }
            return "Entra ID refused the application: check this environment's TenantId, ApplicationId and client "
                + "secret (or certificate) and its expiry, then run `prextra-sync verify`."
        }
        if isLeaseLost { return "Another worker synchronizes this mailbox; nothing to do." }
        if isCancellation { return "The service was stopping; the next cycle resumes where this one started." }
        if underlying is SyncStoreError {
            return "Check the state store (disk space, permissions, database reachable); the next cycle retries."
        }
        return "The next cycle retries; if the failure persists, look at the diagnostics of this mailbox."
    }

    public var description: String { message }
}
