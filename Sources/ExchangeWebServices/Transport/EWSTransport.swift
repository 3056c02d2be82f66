import AsyncHTTPClient
import Foundation
import Logging
import MicrosoftIdentity
import NIOCore
import NIOHTTP1
import StreamingXML

/// Sends one EWS request over HTTP and reads its response as a stream: bearer token (one
/// forced refresh on 401), routing and tracing headers, and the retry policy.
struct EWSTransport: Sendable {
    let configuration: EWSClientConfiguration
    let httpClient: HTTPClient
    let tokenProvider: any AccessTokenProvider
    let sleeper: any RetrySleeper
    let jitter: @Sendable () -> Double
    let logger: Logger

    /// What one call needs besides its body.
    struct Call {
        var operation: String
        var mailbox: String
        /// False for CreateItem (and other writes that are not safe to repeat): a failure that
        /// may have reached the server is surfaced, never retried.
        var isIdempotent: Bool
        /// `X-AnchorMailbox` when it is not the impersonated mailbox: the anchor of a group of
        /// notification subscriptions.
        var anchorMailbox: String? = nil
        /// Sends `X-PreferServerAffinity: true` (notification subscriptions).
        var prefersServerAffinity = false
    }

    func send<Decoder: ResponseMessageDecoder>(
        _ call: Call, body: [UInt8], decoder makeDecoder: () -> Decoder
    ) async throws -> [Result<Decoder.Payload, EWSError>] {
        var attempt = 0
        var refreshedAfter401 = false
        var forceRefresh = false
        while true {
            attempt += 1
            let clientRequestID = UUID().uuidString.lowercased()
            func failure(_ error: EWSError) -> EWSError {
                var error = error
                error.operation = call.operation
                error.mailbox = call.mailbox
                error.clientRequestID = clientRequestID
                return error
            }
            /// Waits before the next attempt when the policy allows one; false to give up.
            func mayRetry(_ error: EWSError, serverRequested: Duration?) async throws -> Bool {
                guard call.isIdempotent,
                    let delay = configuration.retryPolicy.delay(afterAttempt: attempt, serverRequested: serverRequested, random: jitter())
                else { return false }
                logger.notice(
                    "EWS request will be retried",
                    metadata: [
                        "operation": "\(call.operation)", "mailbox": "\(call.mailbox)", "attempt": "\(attempt)",
                        "delay": "\(delay)", "code": "\(error.code?.rawValue ?? "-")", "status": "\(error.httpStatus ?? 0)",
                        "client-request-id": "\(clientRequestID)",
                    ])
                try await sleeper.sleep(for: delay)
                return true
            }

            let token: AccessToken
            do {
                token = try await tokenProvider.accessToken(forceRefresh: forceRefresh)
            }
            forceRefresh = false

            let request = httpRequest(call, body: body, token: token, clientRequestID: clientRequestID)

            let response: HTTPClientResponse
            // The deadline covers the body too: a body that trickles in is not stopped by the
            // client's read timeout, which only measures silence.
            let deadline = ContinuousClock.now + configuration.requestTimeout
            do {
                response = try await httpClient.execute(request, timeout: Self.timeAmount(configuration.requestTimeout))
            } catch {
                let transportError = failure(
                    EWSError(kind: .transport, message: "The request to Exchange failed: \(describe(error))."))
                if try await mayRetry(transportError, serverRequested: nil) { continue }
                throw transportError
            }

            let status = Int(response.status.code)
            switch status {
            case 200, 500:
                let reader = EWSResponseReader(decoder: makeDecoder())
                do {
                    // Exchange writes a stray control character of an item as `&#x1A;`: read as U+FFFD,
                    // it costs that character instead of the response (and the mailbox's every cycle).
                    let parser = XMLPushParser(handler: reader, replacingForbiddenCharacterReferences: true)
                    for try await buffer in response.body {
                        if ContinuousClock.now > deadline {
                            throw ResponseBodyTimeout(deadline: configuration.requestTimeout)
                        }
                        try buffer.withUnsafeReadableBytes { try parser.feed($0) }
                    }
                    try parser.finish()
                } catch let parseError as XMLParseError {
                    let error = failure(
                        EWSError(
                            kind: status == 500 ? .httpStatus : .malformedResponse,
                            message: "Exchange answered HTTP \(status) with a body that is not well-formed XML: \(parseError)",
                            httpStatus: status))
                    if status == 500, try await mayRetry(error, serverRequested: nil) { continue }
                    throw error
                } catch let error as EWSError {
                    throw failure(error)
                } catch {
                    let transportError = failure(
                        EWSError(kind: .transport, message: "Reading the response failed: \(describe(error))."))
                    if try await mayRetry(transportError, serverRequested: nil) { continue }
                    throw transportError
                }
                if var fault = reader.fault {
                    fault.httpStatus = status
                    fault = failure(fault)
                    if fault.code?.isTransient == true, try await mayRetry(fault, serverRequested: fault.backOff) { continue }
                    throw fault
                }
                guard reader.sawEnvelope, status == 200 else {
                    throw failure(
                        EWSError(
                            kind: status == 500 ? .httpStatus : .malformedResponse,
                            message: "Exchange answered HTTP \(status) without a SOAP envelope.", httpStatus: status))
                }
                let results = reader.results.map { result in result.mapError { failure($0) } }
                // A batch refused as a whole for throttling is a request-level failure.
                let throttled = results.compactMap { result -> EWSError? in
                    if case .failure(let error) = result, error.code?.isThrottling == true { return error }
                    return nil
                }
                if !results.isEmpty, throttled.count == results.count {
                    let first = throttled[0]
                    if try await mayRetry(first, serverRequested: first.backOff) { continue }
                    var surfaced = first
                    surfaced.kind = .throttled
                    throw surfaced
                }
                return results

            case 401:
                _ = try? await response.body.collect(upTo: 64 * 1024, within: .seconds(5))
                // The token may have been revoked or its role granted since it was issued: one
                // fresh token, once. The request was refused before any processing, so even a
                // CreateItem is safe to send again.
                if !refreshedAfter401 {
                    refreshedAfter401 = true
                    forceRefresh = true
                    attempt -= 1
                    logger.info(
                        "EWS answered 401; refreshing the token once",
                        metadata: ["operation": "\(call.operation)", "mailbox": "\(call.mailbox)"])
                    continue
                }
                throw failure(
                    EWSError(
                        kind: .unauthorized,
                        message: "Exchange refused the access token (HTTP 401)\(Self.authenticationDiagnostics(response.headers)).",
                        httpStatus: 401))

            case 403:
                let body = try? await response.body.collect(upTo: 64 * 1024, within: .seconds(5))
                if (body?.readableBytes ?? 0) == 0 {
                    throw failure(
                        EWSError(
                            kind: .ewsRefusedToApplication,
                            message: "Exchange refused access (HTTP 403) without a word, as Exchange Online refuses EWS to an application it does not allow.",
                            httpStatus: 403))
                }
                throw failure(EWSError(kind: .forbidden, message: "Exchange refused access (HTTP 403).", httpStatus: 403))

            case 300..<400:
                _ = try? await response.body.collect(upTo: 64 * 1024, within: .seconds(5))
                // Never followed: the request carries the access token and the mailbox's data.
                let target = response.headers.first(name: "Location").flatMap { URL(string: $0)?.host } ?? "another address"
                throw failure(
                    EWSError(
                        kind: .httpStatus,
                        message: "Exchange answered a redirect (HTTP \(status) to \(target)); redirects are never followed: set the environment's EwsUrl to the final EWS address.",
                        httpStatus: status))

            default:
                _ = try? await response.body.collect(upTo: 64 * 1024, within: .seconds(5))
                let retryAfter = Self.retryAfter(response.headers)
                let isThrottle = status == 429 || status == 503
                let error = failure(
                    EWSError(
                        kind: isThrottle ? .throttled : .httpStatus, message: "Exchange answered HTTP \(status).",
                        httpStatus: status, backOff: retryAfter))
                if status == 429 || status >= 500, try await mayRetry(error, serverRequested: retryAfter) { continue }
                throw error
            }
        }
    }

    /// The POST of one call: bearer token, routing (`X-AnchorMailbox`, `X-PreferServerAffinity`)
    /// and tracing headers.
    func httpRequest(_ call: Call, body: [UInt8], token: AccessToken, clientRequestID: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/xml; charset=utf-8")
        request.headers.add(name: "Accept", value: "text/xml")
        request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        request.headers.add(name: "X-AnchorMailbox", value: call.anchorMailbox ?? call.mailbox)
        if call.prefersServerAffinity { request.headers.add(name: "X-PreferServerAffinity", value: "true") }
        request.headers.add(name: "client-request-id", value: clientRequestID)
        request.headers.add(name: "return-client-request-id", value: "true")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// `Retry-After` in seconds (the HTTP-date form is not used by Exchange).
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { .seconds($0) }
    }

    /// The error parts of `WWW-Authenticate` and `x-ms-diagnostics`; neither carries a secret.
    static func authenticationDiagnostics(_ headers: HTTPHeaders) -> String {
        var parts: [String] = []
        if let challenge = headers.first(name: "WWW-Authenticate"), let range = challenge.range(of: "error=\"") {
            let rest = challenge[range.upperBound...]
            parts.append("error \(rest.prefix { $0 != "\"" })")
        }
        if let diagnostics = headers.first(name: "x-ms-diagnostics") {
            parts.append("diagnostics \(diagnostics.prefix(300))")
        }
        return parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")
    }

    func describe(_ error: any Error) -> String {
        TransportFailureDescription.describe(error, deadline: configuration.requestTimeout)
    }
}
