/// A failed Graph call, with what an operator needs: the operation and mailbox, Graph's status and
/// error code, the request ids to quote to Microsoft support, and what to do about it.
/// Never carries a token or a request body.
public struct GraphError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// 429 (`ApplicationThrottled`, e.g. over the MailboxConcurrency limit) after the retries
        /// allowed; `retryAfter` says when Graph will take requests again.
        case throttled
        /// 410 `SyncStateNotFound`: the delta link (or an old page link) is no longer valid.
        /// Drop the link and start the round again from its first call.
        case syncStateNotFound
        /// 412: the `If-Match` etag is stale; the item changed since it was read.
        case preconditionFailed
        /// 404 `ErrorItemNotFound`: the item is gone.
        case itemNotFound
        /// 400 `ErrorInvalidIdMalformed`: the id is not a Graph id of this mailbox.
        case invalidID
        /// `MailboxNotEnabledForRESTAPI`: the mailbox is inactive, soft-deleted, unlicensed or on-premises.
        case mailboxNotEnabledForREST
        /// 403 `ErrorAccessDenied`: the app lacks a role, or an application access policy excludes the mailbox.
        case accessDenied
        /// 401: the token was refused (wrong audience, other tenant, expired) even after one refresh.
        case unauthorized
        /// Another 400: Graph refused the request as sent.
        case badRequest
        /// 5xx after the retries allowed.
        case serviceUnavailable
        /// Any other status.
        case httpStatus
        /// The request did not get an answer (connection refused, reset, timeout).
        case transport
        /// The answer could not be read as the operation's response (truncated or invalid JSON,
        /// a wrong type, a delta page with neither nextLink nor deltaLink).
        case malformedResponse
        /// The library refused to send the request (e.g. a `$batch` dependency chain over 20).
        case invalidRequest
    }

    public var kind: Kind
    /// The library operation, e.g. `calendarView/delta` or `updateEvent`.
    public var operation: String
    /// The mailbox (user id or UPN) the call was for, if any.
    public var mailbox: String?
    public var httpStatus: Int?
    /// Graph's `error.code`, e.g. `ErrorItemNotFound`.
    public var code: String?
    /// Graph's `error.message`, or the library's description of the problem.
    public var message: String
    /// `request-id` of the answer (response header or `innerError`).
    public var requestID: String?
    /// The `client-request-id` the library sent.
    public var clientRequestID: String?
    /// `Retry-After` of a 429/503, if Graph sent one.
    public var retryAfter: Duration?

    public init(
        kind: Kind, operation: String, mailbox: String? = nil, httpStatus: Int? = nil, code: String? = nil, message: String,
        requestID: String? = nil, clientRequestID: String? = nil, retryAfter: Duration? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.mailbox = mailbox
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.retryAfter = retryAfter
    }

    /// What the operator (or the calling code) should do.
    public var remedy: String {
        switch kind {
        case .throttled:
            "Graph throttled the app for this mailbox; wait \(retryAfter.map { "\($0)" } ?? "a while") and lower the concurrency towards this mailbox (at most 4 requests in flight)."
        case .syncStateNotFound:
            "The delta state expired; start the round again from its first call (full resync, merge by id)."
        case .preconditionFailed:
            "The item changed since it was read; read it again, merge, and retry with the new etag."
        case .itemNotFound:
            "The item no longer exists in the mailbox (deleted, or moved to the archive); treat it as deleted."
        case .invalidID:
            "The id is not a valid Graph id of this mailbox; check it was stored as returned (immutable id) and percent-encoded."
        case .mailboxNotEnabledForREST:
            "The mailbox cannot be reached through Graph (inactive, soft-deleted, unlicensed, or on-premises); license it or move it online, or keep it on EWS."
        case .accessDenied:
            "Grant the app the Graph application permission this call needs (Calendars.ReadWrite, Contacts.ReadWrite, Tasks.ReadWrite.All, Mail.Read; User.Read.All to move from EWS) with admin consent, and check the application access policy / RBAC for Applications scope includes this mailbox."
        case .unauthorized:
            "Graph refused the token: check the token is for the Graph resource of the tenant's cloud (scope {GraphHost}/.default), and the app registration and tenant."
        case .badRequest:
            "Graph refused the request as sent; this is a defect in the caller or the library — report it with the request id."
        case .serviceUnavailable:
            "Graph is unavailable; the next cycle will retry."
        case .httpStatus:
            "Unexpected answer from Graph; report it with the request id."
        case .transport:
            "Graph could not be reached; check network, proxy and DNS towards the Graph host."
        case .malformedResponse:
            "Graph's answer could not be read; nothing of it was used. Retry; if it persists, report it with the request id."
        case .invalidRequest:
            "The caller asked for something the library cannot send; fix the call."
        }
    }

    public var description: String {
        var parts = ["Graph \(operation) failed (\(kind.rawValue))"]
        if let mailbox { parts.append("mailbox \(mailbox)") }
        if let httpStatus { parts.append("HTTP \(httpStatus)") }
        if let code { parts.append("code \(code)") }
        parts.append(message)
        if let requestID { parts.append("request-id \(requestID)") }
        if let clientRequestID { parts.append("client-request-id \(clientRequestID)") }
        return parts.joined(separator: "; ") + ". " + remedy
    }
}
