import Foundation
import MicrosoftGraph
import Testing

/// What the client puts on the wire, seen by a real HTTP server over loopback.
@Suite("Wire discipline")
struct WireDisciplineTests {
    static let eventJSON = #"{"@odata.etag":"W/\"E1\"","id":"AA/b+c=","subject":"Review","type":"singleInstance"}"#
    static let zone = "W. Europe Standard Time"

    @Test func anEventCreateCarriesItsTransactionIdAndNoTimeZone() async throws {
        try await GraphTestFixture.run(preferredTimeZone: Self.zone, handler: { _ in .json(201, Self.eventJSON) }) { fixture in
            var event = GraphEvent()
            event.subject = "Review"
            let created = try await fixture.client.createEvent(event, transactionID: "erp-APT-42", mailbox: "u1@contoso.com")
            #expect(created.id == "AA/b+c=")
            let request = try #require(fixture.server.requests.first)
            #expect(request.method == "POST")
            #expect(request.target == "/v1.0/users/u1@contoso.com/events")
            #expect(request.headers["prefer"] == #"IdType="ImmutableId""#)
            #expect(request.headers["authorization"] == "Bearer TEST-TOKEN")
            #expect(request.headers["content-type"] == "application/json")
            let body = try #require(request.json as? [String: Any])
            #expect(Set(body.keys) == ["subject", "transactionId"])
            #expect(body["transactionId"] as? String == "erp-APT-42")
        }
    }

    @Test func aReadAsksForImmutableIdsAndTheTimeZoneAndEncodesTheId() async throws {
        try await GraphTestFixture.run(preferredTimeZone: Self.zone, handler: { _ in .json(200, Self.eventJSON) }) { fixture in
            _ = try await fixture.client.event(
                id: "AA/b+c=", mailbox: "u1", expandingExtendedProperty: "String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId")
            let request = try #require(fixture.server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/v1.0/users/u1/events/AA%2Fb%2Bc%3D")
            let prefer = Set((request.headers["prefer"] ?? "").components(separatedBy: ", "))
            #expect(prefer == [#"IdType="ImmutableId""#, #"outlook.timezone="W. Europe Standard Time""#])
            let query = try #require(URLComponents(string: request.target)?.queryItems)
            #expect(query.first { $0.name == "$expand" }?.value
                == "singleValueExtendedProperties($filter=id eq 'String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId')")
        }
    }

    @Test func anUpdateSendsTheDirtyFieldsWithIfMatchAndNoTimeZone() async throws {
        try await GraphTestFixture.run(preferredTimeZone: Self.zone, handler: { _ in .json(200, Self.eventJSON) }) { fixture in
            var changes = GraphEvent()
            changes.subject = "Review v2"
            _ = try await fixture.client.updateEvent(id: "AA/b+c=", etag: #"W/"E1""#, changes: GraphChanges(changes), mailbox: "u1")
            let request = try #require(fixture.server.requests.first)
            #expect(request.method == "PATCH")
            #expect(request.path == "/v1.0/users/u1/events/AA%2Fb%2Bc%3D")
            #expect(request.headers["if-match"] == #"W/"E1""#)
            #expect(request.headers["prefer"] == #"IdType="ImmutableId""#)
            #expect(request.body == Data(#"{"subject":"Review v2"}"#.utf8))
        }
    }

    @Test func deletesCarryIfMatch() async throws {
        try await GraphTestFixture.run(handler: { _ in CannedResponse(status: 204) }) { fixture in
            try await fixture.client.deleteEvent(id: "E=1", etag: "W/\"1\"", mailbox: "u1")
            try await fixture.client.deleteContact(id: "C=1", etag: "W/\"2\"", mailbox: "u1")
            try await fixture.client.deleteTask(id: "T=1", listID: "L=1", etag: "W/\"3\"", mailbox: "u1")
            let requests = fixture.server.requests
            #expect(requests.map(\.method) == ["DELETE", "DELETE", "DELETE"])
            #expect(requests.map(\.target) == ["/v1.0/users/u1/events/E%3D1", "/v1.0/users/u1/contacts/C%3D1", "/v1.0/users/u1/todo/lists/L%3D1/tasks/T%3D1"])
            #expect(requests.map { $0.headers["if-match"] } == ["W/\"1\"", "W/\"2\"", "W/\"3\""])
            #expect(requests.allSatisfy { $0.headers["prefer"] == #"IdType="ImmutableId""# })
        }
    }

    @Test func contactAndTaskOperationsUseTheirPaths() async throws {
        try await GraphTestFixture.run(handler: { request in
            request.method == "POST" ? .json(201, #"{"id":"N1","@odata.etag":"W/\"1\""}"#) : .json(200, #"{"id":"N1","@odata.etag":"W/\"2\""}"#)
        }) { fixture in
            var contact = GraphContact()
            contact.givenName = "Ann"
            _ = try await fixture.client.createContact(contact, mailbox: "u1", folderID: "F/1")
            _ = try await fixture.client.contact(id: "N1", mailbox: "u1")
            _ = try await fixture.client.updateContact(id: "N1", etag: "W/\"1\"", changes: GraphChanges(contact), mailbox: "u1")
            var task = GraphTodoTask()
            task.title = "Call back"
            _ = try await fixture.client.createTask(task, listID: "L1", mailbox: "u1")
            _ = try await fixture.client.task(id: "N1", listID: "L1", mailbox: "u1")
            _ = try await fixture.client.updateTask(id: "N1", listID: "L1", etag: "W/\"1\"", changes: GraphChanges(task), mailbox: "u1")
            #expect(fixture.server.requests.map { "\($0.method) \($0.target)" } == [
                "POST /v1.0/users/u1/contactFolders/F%2F1/contacts",
                "GET /v1.0/users/u1/contacts/N1",
                "PATCH /v1.0/users/u1/contacts/N1",
                "POST /v1.0/users/u1/todo/lists/L1/tasks",
                "GET /v1.0/users/u1/todo/lists/L1/tasks/N1?$expand=linkedResources",
                "PATCH /v1.0/users/u1/todo/lists/L1/tasks/N1",
            ])
        }
    }

    @Test func seriesInstancesFollowEveryPage() async throws {
        let base = LinkBase()
        try await GraphTestFixture.run(handler: { request in
            if request.target.contains("skiptoken") { return .json(200, #"{"value":[{"id":"O2","type":"occurrence"}]}"#) }
            let next = base.value + "/users/u1/events/M1/instances?$skiptoken=X"
            return .json(200, #"{"value":[{"id":"O1","type":"exception"}],"@odata.nextLink":"\#(next)"}"#)
        }) { fixture in
            base.value = fixture.baseURL.absoluteString
            let window = GraphTimeWindow(start: Date(timeIntervalSince1970: 1_793_491_200), end: Date(timeIntervalSince1970: 1_801_353_600))
            let instances = try await fixture.client.eventInstances(seriesMasterID: "M1", window: window, mailbox: "u1")
            #expect(instances.map(\.id) == ["O1", "O2"])
            #expect(instances.map(\.type) == [.exception, .occurrence])
            let first = try #require(fixture.server.requests.first)
            #expect(first.target == "/v1.0/users/u1/events/M1/instances?startDateTime=2026-11-01T00%3A00%3A00Z&endDateTime=2027-01-31T00%3A00%3A00Z")
            #expect(first.headers["prefer"]?.contains("odata.maxpagesize=100") == true)
            #expect(fixture.server.requests.last?.target == "/v1.0/users/u1/events/M1/instances?$skiptoken=X")
        }
    }

    @Test func findByTagFiltersAndExpandsTheProperty() async throws {
        try await GraphTestFixture.run(handler: { _ in
            .json(200, #"{"value":[{"id":"E1","singleValueExtendedProperties":[{"id":"String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId","value":"O'Brien"}]}]}"#)
        }) { fixture in
            let property = "String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId"
            let found = try await fixture.client.findEvents(taggedWith: property, value: "O'Brien", mailbox: "u1")
            #expect(found.map(\.id) == ["E1"])
            let request = try #require(fixture.server.requests.first)
            #expect(request.path == "/v1.0/users/u1/events")
            let query = try #require(URLComponents(string: request.target)?.queryItems)
            #expect(query.first { $0.name == "$filter" }?.value
                == "singleValueExtendedProperties/Any(ep: ep/id eq '\(property)' and ep/value eq 'O''Brien')")
            #expect(query.first { $0.name == "$expand" }?.value == "singleValueExtendedProperties($filter=id eq '\(property)')")
            #expect(!request.target.contains(" "))
        }
    }

    @Test func translateExchangeIdsSendsAtMost1000IdsPerCall() async throws {
        try await GraphTestFixture.run(handler: { request in
            let ids = (request.json as? [String: Any])?["inputIds"] as? [String] ?? []
            let value = ids.map { #"{"sourceId":"\#($0)","targetId":"G-\#($0)"}"# }.joined(separator: ",")
            return .json(200, #"{"value":[\#(value)]}"#)
        }) { fixture in
            let ids = (0..<2500).map { "EWS\($0)=" }
            let results = try await fixture.client.translateExchangeIDs(ids, mailbox: "u1")
            #expect(results.count == 2500)
            #expect(results.map(\.targetId) == ids.map { "G-\($0)" })
            let requests = fixture.server.requests
            #expect(requests.map { (($0.json as? [String: Any])?["inputIds"] as? [String])?.count } == [1000, 1000, 500])
            #expect(requests.allSatisfy { $0.target == "/v1.0/users/u1/translateExchangeIds" })
            let body = try #require(requests.first?.json as? [String: Any])
            #expect(body["sourceIdType"] as? String == "ewsId")
            #expect(body["targetIdType"] as? String == "restImmutableEntryId")
        }
    }

    @Test func subscriptionsAreCreatedRenewedAndDeleted() async throws {
        try await GraphTestFixture.run(handler: { request in
            switch request.method {
            case "POST": .json(201, #"{"id":"S1","resource":"/users/u1/events","changeType":"created,updated,deleted","expirationDateTime":"2026-12-05T00:00:00Z"}"#)
            case "PATCH": .json(200, #"{"id":"S1","expirationDateTime":"2026-12-06T00:00:00Z"}"#)
            default: CannedResponse(status: 204)
            }
        }) { fixture in
            var subscription = GraphSubscription()
            subscription.resource = "/users/u1/events"
            subscription.changeType = "created,updated,deleted"
            subscription.notificationUrl = "https://sync.example.com/graph/notifications"
            subscription.expirationDateTime = EdmDateTimeOffset("2026-12-05T00:00:00Z")
            subscription.clientState = "secret"
            let created = try await fixture.client.createSubscription(subscription)
            #expect(created.id == "S1")
            let renewed = try await fixture.client.renewSubscription(id: "S1", expiringAt: EdmDateTimeOffset("2026-12-06T00:00:00Z"))
            #expect(renewed.expirationDateTime?.text == "2026-12-06T00:00:00Z")
            try await fixture.client.deleteSubscription(id: "S1")
            let requests = fixture.server.requests
            #expect(requests.map { "\($0.method) \($0.target)" } == ["POST /v1.0/subscriptions", "PATCH /v1.0/subscriptions/S1", "DELETE /v1.0/subscriptions/S1"])
            #expect(requests[1].body == Data(#"{"expirationDateTime":"2026-12-06T00:00:00Z"}"#.utf8))
        }
    }

    @Test func sovereignCloudsUseTheirGraphHost() {
        #expect(GraphClientConfiguration(cloud: .global).baseURL.absoluteString == "https://graph.microsoft.com/v1.0")
        #expect(GraphClientConfiguration(cloud: .usGovernmentHigh).baseURL.absoluteString == "https://graph.microsoft.us/v1.0")
        #expect(GraphClientConfiguration(cloud: .usGovernmentDoD).baseURL.absoluteString == "https://dod-graph.microsoft.us/v1.0")
        #expect(GraphClientConfiguration(cloud: .china).baseURL.absoluteString == "https://microsoftgraph.chinacloudapi.cn/v1.0")
    }
}

/// A value the handler reads once the server's address is known.
final class LinkBase: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = ""
    var value: String {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
