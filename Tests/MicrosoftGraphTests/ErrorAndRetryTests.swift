import Foundation
import MicrosoftGraph
import Synchronization
import Testing

/// Graph's error answers (shapes from Graph's documentation and observed answers) become typed
/// errors; 429/503/504 are retried within bounds, honouring Retry-After.
@Suite("Errors and retries")
struct ErrorAndRetryTests {
    static let eventJSON = #"{"@odata.etag":"W/\"E1\"","id":"E1"}"#

    /// Answers `failures` in turn, then 200.
    static func failing(_ failures: [CannedResponse], then success: CannedResponse = .json(200, eventJSON)) -> @Sendable (RecordedRequest) async -> CannedResponse {
        let count = Mutex(0)
        return { _ in
            let index = count.withLock { value -> Int in
                value += 1
                return value - 1
            }
            return index < failures.count ? failures[index] : success
        }
    }

    static let throttled = CannedResponse.json(
        429, #"{"error":{"code":"ApplicationThrottled","message":"Application is over its MailboxConcurrency limit."}}"#, headers: [("Retry-After", "3")])

    @Test func a429IsRetriedAfterRetryAfter() async throws {
        try await GraphTestFixture.run(handler: Self.failing([Self.throttled])) { fixture in
            let event = try await fixture.client.event(id: "E1", mailbox: "u1")
            #expect(event.id == "E1")
            #expect(fixture.server.requests.count == 2)
            // 3 s plus the fixture's jitter (0.5 × 10 %): never shorter than Retry-After.
            let waits = fixture.sleeper.recorded
            #expect(waits.count == 1)
            #expect(waits.allSatisfy { $0 >= .seconds(3) && $0 <= .milliseconds(3300) })
        }
    }

    @Test func throttlingThatPersistsEndsAsATypedErrorAfterBoundedAttempts() async throws {
        try await GraphTestFixture.run(handler: { _ in Self.throttled }) { fixture in
            let error = await #expect(throws: GraphError.self) { try await fixture.client.event(id: "E1", mailbox: "u1") }
            #expect(error?.kind == .throttled)
            #expect(error?.code == "ApplicationThrottled")
            #expect(error?.retryAfter == .seconds(3))
            #expect(error?.mailbox == "u1")
            #expect(error?.operation == "getEvent")
            #expect(fixture.server.requests.count == GraphRetryPolicy.default.maxAttempts)
            #expect(fixture.sleeper.recorded.count == GraphRetryPolicy.default.maxAttempts - 1)
        }
    }

    @Test func aRetryAfterBeyondTheLimitIsLeftToTheCaller() async throws {
        let long = CannedResponse.json(429, #"{"error":{"code":"ApplicationThrottled","message":"x"}}"#, headers: [("Retry-After", "600")])
        try await GraphTestFixture.run(handler: { _ in long }) { fixture in
            let error = await #expect(throws: GraphError.self) { try await fixture.client.event(id: "E1", mailbox: "u1") }
            #expect(error?.kind == .throttled)
            #expect(error?.retryAfter == .seconds(600))
            #expect(fixture.server.requests.count == 1)
        }
    }

    @Test func serviceUnavailableIsRetriedWithJitteredBackOff() async throws {
        let unavailable = CannedResponse.graphError(503, code: "ServiceUnavailable", message: "busy")
        let timeout = CannedResponse.graphError(504, code: "GatewayTimeout", message: "slow")
        try await GraphTestFixture.run(handler: Self.failing([unavailable, timeout])) { fixture in
            _ = try await fixture.client.event(id: "E1", mailbox: "u1")
            #expect(fixture.server.requests.count == 3)
            // base 1 s then 2 s, "equal jitter" at 0.5: 0.75 s and 1.5 s.
            #expect(fixture.sleeper.recorded == [.milliseconds(750), .milliseconds(1500)])
        }
    }

    @Test func aCreateWithoutTransactionIdIsNotRepeatedAfterA504() async throws {
        try await GraphTestFixture.run(handler: Self.failing([.graphError(504, code: "GatewayTimeout", message: "slow")])) { fixture in
            let error = await #expect(throws: GraphError.self) { try await fixture.client.createContact(GraphContact(), mailbox: "u1") }
            #expect(error?.kind == .serviceUnavailable)
            #expect(fixture.server.requests.count == 1)
        }
    }

    @Test func an401RefreshesTheTokenOnceThenFailsTyped() async throws {
        let refused = CannedResponse.json(
            401, #"{"error":{"code":"InvalidAuthenticationToken","message":"Access token validation failure. Invalid audience."}}"#,
            headers: [("WWW-Authenticate", #"Bearer realm="", error="invalid_token""#)])
        try await GraphTestFixture.run(handler: { _ in refused }) { fixture in
            let error = await #expect(throws: GraphError.self) { try await fixture.client.event(id: "E1", mailbox: "u1") }
            #expect(error?.kind == .unauthorized)
            #expect(error?.code == "InvalidAuthenticationToken")
            #expect(error?.message.contains("invalid_token") == true)
            #expect(error.map { !"\($0)".contains("TEST-TOKEN") } == true)
            #expect(fixture.tokens.forcedRefreshes == 1)
            #expect(fixture.server.requests.count == 2)
        }
    }

    @Test(arguments: [
        (CannedResponse.graphError(410, code: "SyncStateNotFound", message: "The sync state generation is not found"), GraphError.Kind.syncStateNotFound),
        (.graphError(412, code: "ErrorIrresolvableConflict", message: "The change key passed in the request does not match the current change key for the item."), .preconditionFailed),
        (.graphError(404, code: "ErrorItemNotFound", message: "The specified object was not found in the store."), .itemNotFound),
        (.graphError(400, code: "ErrorInvalidIdMalformed", message: "Id is malformed."), .invalidID),
        (.graphError(404, code: "MailboxNotEnabledForRESTAPI", message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise."), .mailboxNotEnabledForREST),
        (.graphError(401, code: "MailboxNotEnabledForRESTAPI", message: "REST API is not yet supported for this mailbox."), .mailboxNotEnabledForREST),
        (.graphError(403, code: "ErrorAccessDenied", message: "Access is denied. Check credentials and try again."), .accessDenied),
        (.graphError(400, code: "ErrorInvalidProperty", message: "bad"), .badRequest),
    ])
    func graphErrorsBecomeTypedErrors(answer: CannedResponse, kind: GraphError.Kind) async throws {
        try await GraphTestFixture.run(handler: { _ in answer }) { fixture in
            let error = await #expect(throws: GraphError.self) {
                try await fixture.client.updateEvent(id: "E1", etag: "W/\"old\"", changes: GraphChanges(GraphEvent()), mailbox: "u1")
            }
            #expect(error?.kind == kind)
            #expect(error?.httpStatus == answer.status)
            #expect(error?.requestID == "rid-1")
            #expect(error?.clientRequestID != nil)
            #expect(error?.operation == "updateEvent")
            #expect(error.map { "\($0)".contains($0.remedy) } == true)
            #expect(fixture.server.requests.count == 1)
        }
    }

    @Test func aDroppedConnectionIsATransportErrorAfterRetries() async throws {
        try await GraphTestFixture.run(handler: { _ in CannedResponse(status: 200, dropsConnection: true) }) { fixture in
            let error = await #expect(throws: GraphError.self) { try await fixture.client.event(id: "E1", mailbox: "u1") }
            #expect(error?.kind == .transport || error?.kind == .malformedResponse)
            #expect(error?.operation == "getEvent")
        }
    }
}
