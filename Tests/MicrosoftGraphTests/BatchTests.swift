import Foundation
import MicrosoftGraph
import Synchronization
import Testing

@Suite("$batch")
struct BatchTests {
    /// Answers each item with 201/204, or 424 for an item whose dependency is named "fail".
    static let handler: @Sendable (RecordedRequest) async -> CannedResponse = { request in
        let items = ((request.json as? [String: Any])?["requests"] as? [[String: Any]]) ?? []
        let responses = items.map { item -> String in
            let id = item["id"] as! String
            if id == "fail" { return #"{"id":"fail","status":412,"body":{"error":{"code":"ErrorIrresolvableConflict","message":"stale"}}}"# }
            if (item["dependsOn"] as? [String])?.contains("fail") == true {
                return #"{"id":"\#(id)","status":424,"body":{"error":{"code":"FailedDependency","message":"dependency failed"}}}"#
            }
            return #"{"id":"\#(id)","status":201,"headers":{"Content-Type":"application/json"},"body":{"id":"N-\#(id)","subject":"B"}}"#
        }
        // Graph answers in any order.
        return .json(200, #"{"responses":[\#(responses.reversed().joined(separator: ","))]}"#)
    }

    @Test func largeSetsAreSplitInto20sWithRelativeURLsAndImmutableIds() async throws {
        try await GraphTestFixture.run(preferredTimeZone: "UTC", handler: Self.handler) { fixture in
            var event = GraphEvent()
            event.subject = "B"
            let requests = try (0..<45).map { try GraphBatchRequest.createEvent(id: "r\($0)", event, transactionID: "t\($0)", mailbox: "u1") }
            let answers = try await fixture.client.batch(requests, mailbox: "u1")
            #expect(answers.map(\.id) == requests.map(\.id))
            #expect(try answers[3].decode(GraphEvent.self).id == "N-r3")
            let batches = fixture.server.requests
            #expect(batches.map(\.target) == ["/v1.0/$batch", "/v1.0/$batch", "/v1.0/$batch"])
            let items = batches.map { (($0.json as? [String: Any])?["requests"] as? [[String: Any]]) ?? [] }
            #expect(items.map(\.count) == [20, 20, 5])
            let first = try #require(items.first?.first)
            #expect(first["url"] as? String == "/users/u1/events")
            #expect(first["method"] as? String == "POST")
            let headers = try #require(first["headers"] as? [String: String])
            #expect(headers["Prefer"] == #"IdType="ImmutableId""#)
            #expect(headers["Content-Type"] == "application/json")
            #expect((first["body"] as? [String: Any])?["transactionId"] as? String == "t0")
            #expect(batches.allSatisfy { $0.headers["prefer"] == #"IdType="ImmutableId""# })
        }
    }

    @Test func dependentRequestsStayTogetherAndFailuresAreTyped() async throws {
        try await GraphTestFixture.run(handler: Self.handler) { fixture in
            var requests = (0..<19).map { GraphBatchRequest.getEvent(id: "g\($0)", eventID: "E\($0)", mailbox: "u1") }
            var changes = GraphEvent()
            changes.subject = "x"
            requests.append(try GraphBatchRequest.updateEvent(id: "fail", eventID: "E/1", etag: "W/\"1\"", changes: GraphChanges(changes), mailbox: "u1"))
            requests.append(GraphBatchRequest.deleteEvent(id: "after", eventID: "E/1", etag: "W/\"1\"", mailbox: "u1", dependsOn: ["fail"]))
            let answers = try await fixture.client.batch(requests, mailbox: "u1")
            let items = fixture.server.requests.map { (($0.json as? [String: Any])?["requests"] as? [[String: Any]]) ?? [] }
            #expect(items.map(\.count) == [19, 2])
            let update = try #require(items.last?.first)
            #expect(update["url"] as? String == "/users/u1/events/E%2F1")
            #expect((update["headers"] as? [String: String])?["If-Match"] == "W/\"1\"")
            #expect((items.last?.last?["dependsOn"] as? [String]) == ["fail"])
            #expect(answers[19].error?.kind == .preconditionFailed)
            #expect(answers[20].status == 424)
            #expect(answers[0].error == nil)
            // GET items carry the time zone preference only when one is configured; none here.
            #expect((items.first?.first?["headers"] as? [String: String])?["Prefer"] == #"IdType="ImmutableId""#)
        }
    }

    @Test func messageAttachmentsAreListedByMetadataOnly() {
        let request = GraphBatchRequest.listMessageAttachments(id: "0", messageID: "AAMk/a+b=", mailbox: "u1@contoso.example")
        #expect(request.method == "GET")
        #expect(request.url == "/users/u1@contoso.example/messages/AAMk%2Fa%2Bb%3D/attachments?$select=name%2CcontentType%2Csize%2CisInline")
        #expect(!request.url.contains("contentBytes"), "never the content")
    }

    @Test func invalidBatchesAreRefusedBeforeSending() async throws {
        try await GraphTestFixture.run(handler: Self.handler) { fixture in
            let absolute = GraphBatchRequest(id: "1", method: "GET", url: "https://graph.microsoft.com/v1.0/users/u1/events")
            let error = await #expect(throws: GraphError.self) { try await fixture.client.batch([absolute], mailbox: "u1") }
            #expect(error?.kind == .invalidRequest)
            var chain = [GraphBatchRequest.getEvent(id: "c0", eventID: "E", mailbox: "u1")]
            for index in 1..<21 { chain.append(GraphBatchRequest.getEvent(id: "c\(index)", eventID: "E", mailbox: "u1", dependsOn: ["c\(index - 1)"])) }
            let tooLong = await #expect(throws: GraphError.self) { try await fixture.client.batch(chain, mailbox: "u1") }
            #expect(tooLong?.kind == .invalidRequest)
            let duplicate = await #expect(throws: GraphError.self) {
                try await fixture.client.batch([.getEvent(id: "d", eventID: "E", mailbox: "u1"), .getEvent(id: "d", eventID: "F", mailbox: "u1")], mailbox: "u1")
            }
            #expect(duplicate?.kind == .invalidRequest)
            #expect(fixture.server.requests.isEmpty)
        }
    }
}

@Suite("$batch throttling")
struct BatchThrottlingTests {
    @Test func throttledItemsAndTheirDependantsAreSentAgainAfterRetryAfter() async throws {
        let calls = Mutex(0)
        try await GraphTestFixture.run(handler: { request in
            let call = calls.withLock { value -> Int in
                value += 1
                return value
            }
            let items = ((request.json as? [String: Any])?["requests"] as? [[String: Any]]) ?? []
            let responses = items.map { item -> String in
                let id = item["id"] as! String
                if call == 1, id == "w1" {
                    return #"{"id":"w1","status":429,"headers":{"Retry-After":"2"},"body":{"error":{"code":"ApplicationThrottled","message":"Application is over its MailboxConcurrency limit."}}}"#
                }
                if call == 1, id == "w2" { return #"{"id":"w2","status":424,"body":{"error":{"code":"FailedDependency","message":"x"}}}"# }
                return #"{"id":"\#(id)","status":201,"body":{"id":"N-\#(id)"}}"#
            }
            return .json(200, #"{"responses":[\#(responses.joined(separator: ","))]}"#)
        }) { fixture in
            var event = GraphEvent()
            event.subject = "B"
            let requests = [
                try GraphBatchRequest.createEvent(id: "w0", event, transactionID: "t0", mailbox: "u1"),
                try GraphBatchRequest.createEvent(id: "w1", event, transactionID: "t1", mailbox: "u1", dependsOn: ["w0"]),
                GraphBatchRequest.deleteEvent(id: "w2", eventID: "E", etag: "W/\"1\"", mailbox: "u1", dependsOn: ["w1"]),
            ]
            let answers = try await fixture.client.batch(requests, mailbox: "u1")
            #expect(answers.map(\.status) == [201, 201, 201])
            let batches = fixture.server.requests.map { (($0.json as? [String: Any])?["requests"] as? [[String: Any]]) ?? [] }
            #expect(batches.map { $0.map { $0["id"] as? String } } == [["w0", "w1", "w2"], ["w1", "w2"]])
            // w1's dependency on w0, which succeeded, is dropped; w2 still waits for w1.
            #expect(batches.last?.first?["dependsOn"] == nil)
            #expect((batches.last?.last?["dependsOn"] as? [String]) == ["w1"])
            #expect(fixture.sleeper.recorded.count == 1)
            #expect(fixture.sleeper.recorded.allSatisfy { $0 >= .seconds(2) })
        }
    }
}
