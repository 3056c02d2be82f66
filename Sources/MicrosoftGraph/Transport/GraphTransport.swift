import AsyncHTTPClient
import Foundation
import Logging
import MicrosoftIdentity
import NIOCore
import NIOHTTP1

/// One Graph request as the operations describe it.
struct GraphRequest: Sendable {
    var operation: String
    /// The mailbox the request touches: the key of the per-mailbox limiter, and part of errors.
    var mailbox: String?
    var method: HTTPMethod
    /// Absolute URL: built from the base URL, or a nextLink/deltaLink exactly as Graph wrote it.
    var url: String
    var body: [UInt8]?
    /// `If-Match` and the like.
    var headers: [(String, String)] = []
    /// A collection or delta read: gets `Prefer: odata.maxpagesize`.
    var readsPages = false
    /// False for writes that must not run twice (creates without a transactionId): a failure
    /// that may have reached Graph is surfaced, not retried. A 429 is always retried: Graph did
    /// not process the request.
    var isIdempotent = true
}

/// A 2xx answer, body read in full (bounded).
struct GraphResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// Sends Graph requests: bearer token (one forced refresh on 401), `Prefer` header, client
/// request id, the per-mailbox limiter, bounded retries with jitter on 429/503/504, and typed errors.
struct GraphTransport: Sendable {
    let configuration: GraphClientConfiguration
    let httpClient: HTTPClient
    let tokenProvider: any AccessTokenProvider
    let limiter: MailboxRequestLimiter
    let sleeper: any GraphRetrySleeper
    let jitter: @Sendable () -> Double
    let logger: Logger

    /// The `Prefer` header of a request: always immutable ids; the time zone on reads only.
    func preferHeader(method: HTTPMethod, readsPages: Bool) -> String {
        var preferences = ["IdType=\"ImmutableId\""]
        if method == .GET, let zone = configuration.preferredTimeZone {
            preferences.append("outlook.timezone=\"\(zone)\"")
        }
        if readsPages {
            preferences.append("odata.maxpagesize=\(configuration.maxPageSize)")
        }
        return preferences.joined(separator: ", ")
    }

    func send(_ request: GraphRequest) async throws -> GraphResponse {
        var attempt = 0
        var refreshedAfter401 = false
        var forceRefresh = false
        while true {
            attempt += 1
            let clientRequestID = UUID().uuidString.lowercased()
            let outcome: Outcome
            do {
                outcome = try await limiter.withSlot(for: request.mailbox ?? "") {
                    try await attemptOnce(request, clientRequestID: clientRequestID, forceRefresh: forceRefresh)
                }
            }
            forceRefresh = false
            switch outcome {
            case .success(let response):
                return response
            case .failure(let error, let retryable):
                if error.kind == .unauthorized, !refreshedAfter401 {
                    // The token may predate a role grant, or be revoked: one fresh token, once.
                    // A 401 is refused before any processing, so even a create is safe to resend.
                    refreshedAfter401 = true
                    forceRefresh = true
                    attempt -= 1
                    continue
                }
                if retryable, let delay = configuration.retryPolicy.delay(
                    afterAttempt: attempt, serverRequested: error.retryAfter, random: jitter())
                {
                    logger.notice(
                        "Graph request will be retried",
                        metadata: [
                            "operation": "\(request.operation)", "mailbox": "\(request.mailbox ?? "-")", "attempt": "\(attempt)",
                            "delay": "\(delay)", "status": "\(error.httpStatus ?? 0)", "code": "\(error.code ?? "-")",
                            "client-request-id": "\(clientRequestID)",
                        ])
                    try await sleeper.sleep(for: delay)
                    continue
                }
                throw error
            }
        }
    }

    private enum Outcome: Sendable {
        case success(GraphResponse)
        case failure(GraphError, retryable: Bool)
    }

    private func attemptOnce(_ request: GraphRequest, clientRequestID: String, forceRefresh: Bool) async throws -> Outcome {
        let token = try await tokenProvider.accessToken(forceRefresh: forceRefresh)
        var http = HTTPClientRequest(url: request.url)
        http.method = request.method
        http.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "Prefer", value: preferHeader(method: request.method, readsPages: request.readsPages))
        http.headers.add(name: "client-request-id", value: clientRequestID)
        http.headers.add(name: "return-client-request-id", value: "true")
        http.headers.add(name: "User-Agent", value: configuration.userAgent)
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }

        func failure(_ kind: GraphError.Kind, _ message: String, status: Int? = nil) -> GraphError {
            GraphError(
                kind: kind, operation: request.operation, mailbox: request.mailbox, httpStatus: status, message: message,
                clientRequestID: clientRequestID)
        }

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(http, timeout: Self.timeAmount(configuration.requestTimeout))
        } catch {
            return .failure(failure(.transport, "The request to Graph failed: \(describe(error))."), retryable: request.isIdempotent)
        }
        let status = Int(response.status.code)
        let body: ByteBuffer
        do {
            // The deadline covers the body too: a body that trickles in is not stopped by the
            // client's read timeout, which only measures silence.
            body = try await response.body.collect(upTo: configuration.maxResponseBytes, within: configuration.requestTimeout)
        } catch is NIOTooManyBytesError {
            return .failure(
                failure(.malformedResponse, "The answer is larger than \(configuration.maxResponseBytes) bytes.", status: status),
                retryable: false)
        } catch {
            return .failure(
                failure(.transport, "Reading Graph's answer failed: \(describe(error)).", status: status),
                retryable: request.isIdempotent)
        }
        if (200..<300).contains(status) {
            return .success(GraphResponse(status: status, headers: response.headers, body: body))
        }

        var error = Self.error(status: status, headers: response.headers, body: body)
        error.operation = request.operation
        error.mailbox = request.mailbox
        error.clientRequestID = clientRequestID
        let retryable = status == 429 || ((status == 503 || status == 504) && request.isIdempotent)
        return .failure(error, retryable: retryable)
    }

    /// Maps a non-2xx answer to a typed error: Graph's code decides where it is specific, the status otherwise.
    static func error(status: Int, headers: HTTPHeaders, body: ByteBuffer) -> GraphError {
        let detail = try? JSONDecoder().decode(ODataErrorBody.self, from: Data(body.readableBytesView)).error
        let code = detail?.code
        let lowered = code?.lowercased()
        let kind: GraphError.Kind
        if lowered == "mailboxnotenabledforrestapi" {
            kind = .mailboxNotEnabledForREST
        } else {
            switch status {
            case 401: kind = .unauthorized
            case 403: kind = .accessDenied
            case 404: kind = .itemNotFound
            case 410: kind = .syncStateNotFound
            case 412: kind = .preconditionFailed
            case 429: kind = .throttled
            case 400: kind = lowered == "errorinvalididmalformed" ? .invalidID : .badRequest
            case 500..<600: kind = .serviceUnavailable
            default: kind = .httpStatus
            }
        }
        var message = detail?.message ?? "Graph answered HTTP \(status)."
        if kind == .unauthorized, let challenge = headers.first(name: "WWW-Authenticate") {
            // The challenge names the error (e.g. invalid_token); it carries no secret.
            message += " WWW-Authenticate: \(challenge.prefix(300))"
        }
        return GraphError(
            kind: kind, operation: "", httpStatus: status, code: code, message: String(message.prefix(500)),
            requestID: headers.first(name: "request-id") ?? detail?.innerError?.requestID,
            retryAfter: retryAfter(headers))
    }

    /// `Retry-After` in seconds (Graph sends delta-seconds).
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { .seconds($0) }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    func describe(_ error: any Error) -> String {
        TransportFailureDescription.describe(error, deadline: configuration.requestTimeout)
    }
}
