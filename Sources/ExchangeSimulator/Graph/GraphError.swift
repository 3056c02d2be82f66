import Foundation

/// An error the Graph side answers with: an HTTP status and Graph's error body
/// `{"error":{"code","message","innerError":{"request-id","date"}}}`.
public struct GraphError: Error, Sendable, Hashable {
    public var status: Int
    public var code: String
    public var message: String
    /// Extra response headers (`Retry-After`).
    public var headers: [String: String] = [:]
    /// Whether `innerError` is written (Outlook's throttling answer has none).
    public var hasInnerError = true

    public init(_ status: Int, _ code: String, _ message: String, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    func body(requestId: String, clientRequestId: String?, date: Date) -> GraphJSON {
        var error: [GraphJSON.Member] = [.init("code", .string(code)), .init("message", .string(message))]
        if hasInnerError {
            var inner: [GraphJSON.Member] = [.init("date", .string(GraphDateTime.formatSeconds(date))), .init("request-id", .string(requestId))]
            if let clientRequestId { inner.append(.init("client-request-id", .string(clientRequestId))) }
            error.append(.init("innerError", .object(inner)))
        }
        return .object([.init("error", .object(error))])
    }

    // MARK: The codes the simulator uses

    static func badRequest(_ message: String, code: String = "BadRequest") -> GraphError { GraphError(400, code, message) }

    static func invalidRequest(_ message: String) -> GraphError { GraphError(400, "ErrorInvalidRequest", message) }

    static let malformedId = GraphError(400, "ErrorInvalidIdMalformed", "Id is malformed.")

    static let itemNotFound = GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")

    static func resourceNotFound(_ segment: String) -> GraphError {
        GraphError(400, "BadRequest", "Resource not found for the segment '\(segment)'.")
    }

    static let accessDenied = GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")

    static let preconditionFailed = GraphError(
        412, "ErrorIrresolvableConflict",
        "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.")

    static func syncStateNotFound(generation: Int, kept: [Int]) -> GraphError {
        let highest = kept.max() ?? generation
        let list = kept.sorted(by: >).map { "[\($0)]" }.joined()
        return GraphError(
            410, "SyncStateNotFound", "The sync state generation is not found; generation=\(generation);[highest=\(highest)]\(list).")
    }
}

/// A response of the Graph side, before it becomes a Hummingbird response.
struct GraphHTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: GraphJSON?
    var dropsConnection = false
    /// The Graph error code, for the request log.
    var errorCode: String?

    static func json(_ body: GraphJSON, status: Int = 200, headers: [String: String] = [:]) -> GraphHTTPResponse {
        GraphHTTPResponse(status: status, headers: headers, body: body)
    }

    static let noContent = GraphHTTPResponse(status: 204, headers: [:], body: nil)
}
