import Foundation
import MicrosoftGraph
import Testing

/// Delta rounds over a real HTTP server: links followed verbatim, a round ends at the deltaLink,
/// a 410 restarts the round from its first call.
@Suite("Delta rounds")
struct DeltaRoundTests {
    static let window = GraphTimeWindow(start: Date(timeIntervalSince1970: 1_793_491_200), end: Date(timeIntervalSince1970: 1_801_353_600))

    /// Graph's documented page shapes; the links point at the canned server.
    static func script(base: LinkBase, expireSecondPage: Bool = false, attempts: LinkBase? = nil) -> @Sendable (RecordedRequest) async -> CannedResponse {
        { request in
            let root = base.value
            if request.target.contains("$skiptoken=SK%2B1") {
                if expireSecondPage, attempts?.value != "restarted" {
                    attempts?.value = "restarted"
                    return .graphError(410, code: "SyncStateNotFound", message: "The sync state generation is not found; generation=149;[highest=157][157][155][156].")
                }
                return .json(200, ##"{"value":[{"@odata.type":"#microsoft.graph.event","id":"M1=","@removed":{"reason":"deleted"}}],"@odata.deltaLink":"\##(root)/users/u1/calendarView/delta?$deltatoken=DT1"}"##)
            }
            if request.target.contains("$deltatoken=DT1") {
                return .json(200, #"{"value":[],"@odata.deltaLink":"\#(root)/users/u1/calendarView/delta?$deltatoken=DT2"}"#)
            }
            return .json(200, #"""
            {"@odata.context":"x","value":[
              {"@odata.type":"#microsoft.graph.event","@odata.etag":"W/\"1\"","id":"E1=","subject":"One","type":"singleInstance",
               "start":{"dateTime":"2026-11-02T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-11-02T10:00:00.0000000","timeZone":"UTC"}},
              {"@odata.type":"#microsoft.graph.event","@odata.etag":"W/\"2\"","id":"O1=","type":"occurrence","seriesMasterId":"S1=",
               "start":{"dateTime":"2026-11-03T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-11-03T10:00:00.0000000","timeZone":"UTC"}}],
             "@odata.nextLink":"\#(root)/users/u1/calendarView/delta?$skiptoken=SK%2B1"}
            """#)
        }
    }

    @Test func aRoundFollowsNextLinksVerbatimUntilTheDeltaLink() async throws {
        let base = LinkBase()
        try await GraphTestFixture.run(preferredTimeZone: "UTC", maxPageSize: 50, handler: Self.script(base: base)) { fixture in
            base.value = fixture.baseURL.absoluteString
            var round = GraphDeltaRound(fixture.client.calendarViewDelta(mailbox: "u1", window: Self.window))
            var entries: [GraphDeltaEntry<GraphEvent>] = []
            while let page = try await round.nextPage(from: fixture.client) { entries += page }
            #expect(round.isComplete)
            #expect(round.pagesRead == 2)
            #expect(round.deltaLink == "\(fixture.baseURL.absoluteString)/users/u1/calendarView/delta?$deltatoken=DT1")
            #expect(entries.map(\.id) == ["E1=", "O1=", "M1="])
            guard case .changed(let occurrence) = entries[1], case .removed(_, let reason) = entries[2] else {
                Issue.record("unexpected entries \(entries)")
                return
            }
            #expect(occurrence.seriesMasterId == "S1=")
            #expect(occurrence.subject == nil)
            #expect(reason == "deleted")
            let targets = fixture.server.requests.map(\.target)
            #expect(targets == [
                "/v1.0/users/u1/calendarView/delta?startDateTime=2026-11-01T00%3A00%3A00Z&endDateTime=2027-01-31T00%3A00%3A00Z",
                "/v1.0/users/u1/calendarView/delta?$skiptoken=SK%2B1",
            ])
            let prefer = Set((fixture.server.requests[0].headers["prefer"] ?? "").components(separatedBy: ", "))
            #expect(prefer == [#"IdType="ImmutableId""#, #"outlook.timezone="UTC""#, "odata.maxpagesize=50"])

            // The next round starts from the stored deltaLink.
            var next = GraphDeltaRound(fixture.client.calendarViewDelta(mailbox: "u1", window: Self.window), resumingFrom: round.deltaLink)
            let page = try await next.nextPage(from: fixture.client)
            #expect(page?.isEmpty == true)
            #expect(try await next.nextPage(from: fixture.client) == nil)
            #expect(fixture.server.requests.last?.target == "/v1.0/users/u1/calendarView/delta?$deltatoken=DT1")
            #expect(fixture.server.requests.count == 3)
        }
    }

    @Test func a410RestartsTheRoundFromItsFirstCall() async throws {
        let base = LinkBase()
        let state = LinkBase()
        try await GraphTestFixture.run(handler: Self.script(base: base, expireSecondPage: true, attempts: state)) { fixture in
            base.value = fixture.baseURL.absoluteString
            var round = GraphDeltaRound(fixture.client.calendarViewDelta(mailbox: "u1", window: Self.window))
            _ = try await round.nextPage(from: fixture.client)
            let error = await #expect(throws: GraphError.self) { try await round.nextPage(from: fixture.client) }
            #expect(error?.kind == .syncStateNotFound)
            #expect(error?.code == "SyncStateNotFound")
            #expect(error?.operation == "calendarView/delta")
            #expect(error?.mailbox == "u1")
            #expect(round.restarted)
            var entries: [GraphDeltaEntry<GraphEvent>] = []
            while let page = try await round.nextPage(from: fixture.client) { entries += page }
            #expect(entries.count == 3)
            let targets = fixture.server.requests.map(\.target)
            // first page, expired second page (410, not retried), first call again, second page.
            #expect(targets.count == 4)
            #expect(targets[2] == targets[0])
            #expect(targets[3] == targets[1])
            #expect(fixture.sleeper.recorded.isEmpty)
        }
    }

    @Test func contactsAndTasksDeltaUseTheirPaths() async throws {
        let base = LinkBase()
        try await GraphTestFixture.run(handler: { _ in
            .json(200, #"{"value":[{"id":"C1","givenName":"Ann"}],"@odata.deltaLink":"\#(base.value)/users/u1/contacts/delta?$deltatoken=D"}"#)
        }) { fixture in
            base.value = fixture.baseURL.absoluteString
            var contacts = GraphDeltaRound(fixture.client.contactsDelta(mailbox: "u1", folderID: "F1"))
            let page = try await contacts.nextPage(from: fixture.client)
            #expect(page?.count == 1)
            var tasks = GraphDeltaRound(fixture.client.tasksDelta(mailbox: "u1", listID: "L1"))
            _ = try await tasks.nextPage(from: fixture.client)
            #expect(fixture.server.requests.map(\.target) == ["/v1.0/users/u1/contactFolders/F1/contacts/delta", "/v1.0/users/u1/todo/lists/L1/tasks/delta"])
        }
    }

    @Test func aPageWithoutLinksIsMalformedAndEndsNothing() async throws {
        try await GraphTestFixture.run(handler: { _ in .json(200, #"{"value":[{"id":"E1"}]}"#) }) { fixture in
            var round = GraphDeltaRound(fixture.client.calendarViewDelta(mailbox: "u1", window: Self.window))
            let error = await #expect(throws: GraphError.self) { try await round.nextPage(from: fixture.client) }
            #expect(error?.kind == .malformedResponse)
            #expect(error?.operation == "calendarView/delta")
            #expect(!round.isComplete)
        }
    }

    @Test func aLinkToAnotherHostIsNotFollowed() async throws {
        try await GraphTestFixture.run(handler: { _ in
            .json(200, #"{"value":[],"@odata.nextLink":"https://evil.example.com/v1.0/users/u1/calendarView/delta?$skiptoken=X"}"#)
        }) { fixture in
            var round = GraphDeltaRound(fixture.client.calendarViewDelta(mailbox: "u1", window: Self.window))
            _ = try await round.nextPage(from: fixture.client)
            let error = await #expect(throws: GraphError.self) { try await round.nextPage(from: fixture.client) }
            #expect(error?.kind == .malformedResponse)
            #expect(fixture.server.requests.count == 1)
        }
    }
}
