import AsyncHTTPClient
import Foundation
import NIOCore
import StreamingXML

extension EWSTransport {
    /// Sends a GetStreamingEvents request and hands over each envelope of the hanging response
    /// as soon as it is complete, until `ConnectionStatus Closed`. The request may last
    /// `lifetime` (the ConnectionTimeout) plus the configured request timeout as a margin; the
    /// caller watches for silence with `watch`, touched on every chunk. A hanging request is
    /// never retried here: the caller decides when to reconnect. One forced token refresh on 401.
    func streamEvents(
        _ call: Call, body: [UInt8], lifetime: Duration, watch: StreamSilenceWatch, receive: (StreamingEventsMessage) -> Void
    ) async throws {
        var refreshedAfter401 = false
        while true {
            let clientRequestID = UUID().uuidString.lowercased()
            func failure(_ error: EWSError) -> EWSError {
                var error = error
                error.operation = call.operation
                error.mailbox = call.mailbox
                error.clientRequestID = clientRequestID
                return error
            }
            let token = try await tokenProvider.accessToken(forceRefresh: refreshedAfter401)
            let request = httpRequest(call, body: body, token: token, clientRequestID: clientRequestID)
            let response: HTTPClientResponse
            do {
                response = try await httpClient.execute(request, timeout: Self.timeAmount(lifetime + configuration.requestTimeout))
            } catch {
                throw failure(EWSError(kind: .transport, message: "Opening the streaming connection failed: \(describe(error))."))
            }
            watch.touch()
            let status = Int(response.status.code)
            if status == 401, !refreshedAfter401 {
                _ = try? await response.body.collect(upTo: 64 * 1024, within: .seconds(5))
                refreshedAfter401 = true
                logger.info("EWS answered 401 to GetStreamingEvents; refreshing the token once", metadata: ["mailbox": "\(call.mailbox)"])
                continue
            }
            guard status == 200 || status == 500 else {
                _ = try? await response.body.collect(upTo: 64 * 1024, within: .seconds(5))
                let kind: EWSError.Kind =
                    switch status {
                    case 401: .unauthorized
                    case 403: .forbidden
                    case 429, 503: .throttled
                    default: .httpStatus
                    }
                throw failure(
                    EWSError(
                        kind: kind, message: "Exchange answered HTTP \(status) to GetStreamingEvents.", httpStatus: status,
                        backOff: Self.retryAfter(response.headers)))
            }
            var splitter = SOAPEnvelopeSplitter()
            do {
                for try await buffer in response.body {
                    watch.touch()
                    for document in try splitter.feed(buffer.readableBytesView) {
                        let message = try StreamingEventsReader.message(from: document)
                        receive(message)
                        if message.connectionStatus == .closed { return }
                    }
                }
            } catch var error as EWSError {
                if error.kind == .fault { error.httpStatus = status }
                throw failure(error)
            } catch let error as XMLParseError {
                throw failure(EWSError(kind: .malformedResponse, message: "A streamed envelope is not well-formed XML: \(error)", httpStatus: status))
            } catch {
                throw failure(EWSError(kind: .transport, message: "Reading the streaming connection failed: \(describe(error))."))
            }
            throw failure(
                EWSError(
                    kind: .transport,
                    message: splitter.hasPartialDocument
                        ? "The streaming connection ended in the middle of an envelope."
                        : "The streaming connection ended without ConnectionStatus Closed.", httpStatus: status))
        }
    }
}
