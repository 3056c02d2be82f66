/// What the EWS endpoint answers, before it becomes a Hummingbird response.
struct EWSHTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: String
    /// Close the connection without answering (an injected fault).
    var dropsConnection = false
    /// The operation's name, for logs and recordings.
    var operation: String
    var responseCode: String
    /// Who the request was for, once known (for the request log).
    var tenantId: String? = nil
    var mailbox: String? = nil
    /// A body written over time (GetStreamingEvents): the server calls it with a function that
    /// sends one chunk; it returns when the response is complete, and a failed write (the
    /// client went away) ends it.
    var streamingBody: StreamingBody? = nil

    typealias StreamingBody = @Sendable (_ write: (String) async throws -> Void) async throws -> Void

    static func xml(_ body: String, status: Int = 200, operation: String, code: String) -> EWSHTTPResponse {
        EWSHTTPResponse(
            status: status, headers: [("Content-Type", "text/xml; charset=utf-8")], body: body, operation: operation,
            responseCode: code)
    }

    static func fault(_ error: EWSError, operation: String) -> EWSHTTPResponse {
        xml(SOAPEnvelope.fault(error), status: 500, operation: operation, code: error.code)
    }
}
