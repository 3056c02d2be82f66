/// A failed EWS call, with what an operator needs to act on it.
///
/// Never carries a token: messages come from the server's response text and the client's
/// own wording, and header values are not copied in.
public struct EWSError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// One response message of a batch failed (`ResponseClass="Error"`); the others may have succeeded.
        case responseMessage
        /// The whole request failed with a SOAP fault (HTTP 500).
        case fault
        /// HTTP 401, still after one token refresh.
        case unauthorized
        /// HTTP 403: blocked by an application access policy or an EWS allow/block list.
        case forbidden
        /// HTTP 403 with an empty body: how Exchange Online refuses EWS, since 2026-10-01, to an
        /// application missing from the tenant's `EWSAllowedAppIDs` (EWS is switched off for
        /// every application on 2027-04-01).
        case ewsRefusedToApplication
        /// HTTP 429/503 or a throttling code, retries exhausted or not allowed.
        case throttled
        /// Another HTTP status with no SOAP answer.
        case httpStatus
        /// The response was not the XML the operation returns.
        case malformedResponse
        /// The connection failed or timed out; for a write, whether the server applied it is unknown.
        case transport
        /// The request could not be written (an unknown time zone, an empty batch...).
        case invalidRequest
    }

    public var kind: Kind
    /// The EWS code (`ErrorServerBusy`), from the response message or the fault.
    public var code: EWSResponseCode?
    public var message: String
    /// The operation (`SyncFolderItems`...), when known.
    public var operation: String?
    /// The impersonated mailbox, when known.
    public var mailbox: String?
    public var httpStatus: Int?
    /// How long the server asked to wait (BackOffMilliseconds or Retry-After).
    public var backOff: Duration?
    /// `MessageXml` values by name (BackOffMilliseconds, Policy, LineNumber, Violation...).
    public var details: [String: String]
    /// The `client-request-id` sent, to quote in a support case.
    public var clientRequestID: String?

    public init(
        kind: Kind, code: EWSResponseCode? = nil, message: String, operation: String? = nil, mailbox: String? = nil,
        httpStatus: Int? = nil, backOff: Duration? = nil, details: [String: String] = [:], clientRequestID: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.operation = operation
        self.mailbox = mailbox
        self.httpStatus = httpStatus
        self.backOff = backOff
        self.details = details
        self.clientRequestID = clientRequestID
    }

    /// What to do when Exchange Online refuses EWS to the application.
    public static let ewsRetirementRemedy =
        "Exchange Online refuses EWS to this application: since 2026-10-01 only applications on the tenant's EWSAllowedAppIDs "
        + "may use it, and no application can after 2027-04-01. Move the environment to Microsoft Graph: grant the permissions "
        + "of `prextra-sync manifest --api graph` with admin consent, then set \"Api\": \"Auto\" (or \"Graph\"). Until then, "
        + "the tenant's administrator may add the application to EWSAllowedAppIDs (Set-OrganizationConfig), which works until 2027-04-01."

    /// Whether the same request may succeed if sent again later.
    public var isTransient: Bool {
        switch kind {
        case .throttled, .transport: true
        case .httpStatus: httpStatus.map { $0 == 429 || $0 >= 500 } ?? false
        case .fault, .responseMessage: code?.isTransient ?? false
        case .unauthorized, .forbidden, .ewsRefusedToApplication, .malformedResponse, .invalidRequest: false
        }
    }

    /// What an operator should do about it.
    public var remedy: String {
        switch code {
        case .errorServerBusy?, .errorTooManyObjectsOpened?, .errorExceededConnectionCount?:
            return "Exchange is throttling this application; the sync waits and resumes by itself. Lower the concurrency if it persists."
        case .errorInvalidExchangeImpersonationHeaderData?, .errorImpersonateUserDenied?, .errorImpersonationFailed?:
            return "The application may not impersonate this mailbox: check the full_access_as_app grant and any application access policy."
        case .errorNonExistentMailbox?:
            return "The mailbox address is unknown to Exchange: check the enrolled address."
        case .errorAccessDenied?:
            return "Exchange refused access to this mailbox or folder: check the application's permissions."
        case .errorInvalidSyncStateData?:
            return "The sync cursor was rejected: a full resync of the folder is needed."
        case .errorIrresolvableConflict?, .errorStaleObject?:
            return "The item changed in Outlook meanwhile: read it again and merge."
        case .errorItemNotFound?:
            return "The item no longer exists in the mailbox."
        case .errorQuotaExceeded?:
            return "The mailbox is full: the user must free space."
        case .errorSchemaValidation?:
            return "Exchange rejected the request as invalid: this is a client defect, report it with the client-request-id."
        default:
            break
        }
        switch kind {
        case .unauthorized: return "Exchange refused the token: check the application's full_access_as_app permission and admin consent."
        case .forbidden: return "Exchange blocked the application (application access policy or EWS block list)."
        case .ewsRefusedToApplication: return Self.ewsRetirementRemedy
        case .transport: return "Exchange could not be reached: check the network and the EWS URL."
        case .throttled: return "Exchange is overloaded or throttling: the sync waits and retries."
        default: return "See the message and the client-request-id."
        }
    }

    public var description: String {
        var parts = ["EWS \(operation ?? "request") failed"]
        if let mailbox { parts.append("mailbox \(mailbox)") }
        if let code { parts.append("code \(code.rawValue)") }
        if let httpStatus { parts.append("HTTP \(httpStatus)") }
        if let backOff { parts.append("back off \(backOff)") }
        if let clientRequestID { parts.append("client-request-id \(clientRequestID)") }
        return parts.joined(separator: ", ") + ": \(message) — \(remedy)"
    }
}
