import ExchangeSimulator
import Foundation
import Testing

/// One store, two protocols: what EWS writes reads through Graph and the reverse; ids
/// translate; immutable ids survive moves; To Do tasks are the store's tasks.
@Suite("Graph: one store, two protocols")
struct GraphStoreTests {
    static let alice = SimulatorHarness.alice
    static let tagId = "String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId"
    static let immutable = ["Prefer": #"IdType="ImmutableId""#]

    static func expandTag(_ id: String = tagId) -> String {
        "$expand=" + "singleValueExtendedProperties($filter=id eq '\(id)')".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    static func encoded(_ id: String) -> String { id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    static let eventBody = """
        {"@odata.type":"#microsoft.graph.event","subject":"Review","body":{"contentType":"html","content":"<p>x</p>"},
         "start":{"dateTime":"2026-11-02T09:00:00","timeZone":"W. Europe Standard Time"},
         "end":{"dateTime":"2026-11-02T10:00:00","timeZone":"W. Europe Standard Time"},
         "singleValueExtendedProperties":[{"id":"String {00020329-0000-0000-c000-000000000046} Name PrextraRecordId","value":"APT-42"}]}
        """

    @Test func aTagWrittenThroughEWSReadsThroughGraphAndIsFoundByFilter() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.ews(ItemOperationTests.createAppointment(subject: "Kick-off"))
            let (ewsId, _) = try ItemOperationTests.createdId(created)

            let filter = "singleValueExtendedProperties/any(ep: ep/id eq '\(Self.tagId)' and ep/value eq 'crm-42')"
            let found = try await harness.graph(
                .GET, "/users/\(Self.alice)/events?$filter=\(Self.encoded(filter))&\(Self.expandTag())")
            #expect(found.status == 200, "\(found.text)")
            let event = try #require(found.value.first)
            #expect(found.value.count == 1)
            #expect(event["subject"]?.stringValue == "Kick-off")
            let property = try #require(event["singleValueExtendedProperties"]?.arrayValue?.first)
            #expect(property["id"]?.stringValue == Self.tagId)
            #expect(property["value"]?.stringValue == "crm-42")
            // The Graph id is the EWS id in URL-safe form.
            let restId = try #require(event["id"]?.stringValue)
            let translated = try await harness.graph(
                .POST, "/users/\(Self.alice)/translateExchangeIds",
                body: #"{"InputIds":["\#(ewsId)"],"SourceIdType":"ewsId","TargetIdType":"restId"}"#)
            #expect(translated.value.first?["targetId"]?.stringValue == restId)

            let other = try await harness.graph(
                .GET, "/users/\(Self.alice)/events?$filter=\(Self.encoded(filter.replacingOccurrences(of: "crm-42", with: "crm-43")))")
            #expect(other.status == 200)
            #expect(other.value.isEmpty, "the filter compares the value")
        }
    }

    @Test func aTagWrittenThroughGraphReadsThroughEWSAndKeepsItsSpelling() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.eventBody)
            #expect(created.status == 201, "\(created.text)")
            let restId = try #require(created["id"]?.stringValue)
            #expect(created["type"]?.stringValue == "singleInstance")

            let translated = try await harness.graph(
                .POST, "/users/\(Self.alice)/translateExchangeIds",
                body: #"{"inputIds":["\#(restId)"],"sourceIdType":"restId","targetIdType":"ewsId"}"#)
            let ewsId = try #require(translated.value.first?["targetId"]?.stringValue)
            let read = try await harness.ews(ItemOperationTests.getItem(ewsId, shape: "IdOnly", additional: ItemOperationTests.tagURI + #"<t:FieldURI FieldURI="item:Subject"/>"#))
            let item = try #require(read.messages.first?.descendant("Items", "CalendarItem"))
            #expect(item.child("Subject")?.text == "Review")
            #expect(item.descendant("ExtendedProperty", "Value")?.text == "APT-42")

            // The GUID compares case-insensitively and comes back as it was written.
            let upper = try await harness.graph(.GET, "/users/\(Self.alice)/events/\(Self.encoded(restId))?\(Self.expandTag())")
            let property = try #require(upper["singleValueExtendedProperties"]?.arrayValue?.first)
            #expect(property["id"]?.stringValue == "String {00020329-0000-0000-c000-000000000046} Name PrextraRecordId")
            #expect(upper["start"]?["timeZone"]?.stringValue == "UTC")
            #expect(upper["start"]?["dateTime"]?.stringValue == "2026-11-02T08:00:00.0000000")
        }
    }

    @Test func translateExchangeIdsMapsEveryFormatAndRefusesMoreThanAThousand() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.ews(ItemOperationTests.createAppointment(subject: "Ids"))
            let (ewsId, _) = try ItemOperationTests.createdId(created)
            let immutable = try await harness.graph(
                .POST, "/users/\(Self.alice)/translateExchangeIds",
                body: #"{"InputIds":["\#(ewsId)","AAAAbogus"],"SourceIdType":"ewsId","TargetIdType":"restImmutableEntryId"}"#)
            #expect(immutable.status == 200, "\(immutable.text)")
            let immutableId = try #require(immutable.value.first?["targetId"]?.stringValue)
            #expect(immutable.value.last?["errorDetails"]?["code"]?.stringValue == "ErrorItemNotFound")
            let read = try await harness.graph(.GET, "/users/\(Self.alice)/events/\(Self.encoded(immutableId))", headers: Self.immutable)
            #expect(read.status == 200)
            #expect(read["id"]?.stringValue == immutableId)
            let back = try await harness.graph(
                .POST, "/users/\(Self.alice)/translateExchangeIds",
                body: #"{"inputIds":["\#(immutableId)"],"sourceIdType":"restImmutableEntryId","targetIdType":"ewsId"}"#)
            #expect(back.value.first?["targetId"]?.stringValue == ewsId)

            let many = (0...1000).map { _ in "\"\(ewsId)\"" }.joined(separator: ",")
            let tooMany = try await harness.graph(
                .POST, "/users/\(Self.alice)/translateExchangeIds", body: #"{"InputIds":[\#(many)],"SourceIdType":"ewsId","TargetIdType":"restId"}"#)
            #expect(tooMany.status == 400)
            let badFormat = try await harness.graph(
                .POST, "/users/\(Self.alice)/translateExchangeIds", body: #"{"InputIds":[],"SourceIdType":"ewsID","TargetIdType":"restId"}"#)
            #expect(badFormat.status == 400, "enum members are case-sensitive")
        }
    }

    @Test func immutableIdsHoldAcrossAMoveWhileRegularIdsChange() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.graph(.POST, "/users/\(Self.alice)/contacts", body: #"{"givenName":"Ada","surname":"Lovelace"}"#, headers: Self.immutable)
            #expect(created.status == 201, "\(created.text)")
            let immutableId = try #require(created["id"]?.stringValue)
            let regular = try await harness.graph(
                .POST, "/users/\(Self.alice)/translateExchangeIds",
                body: #"{"inputIds":["\#(immutableId)"],"sourceIdType":"restImmutableEntryId","targetIdType":"ewsId"}"#)
            let ewsId = try #require(regular.value.first?["targetId"]?.stringValue)
            try harness.exchange.moveItem(in: Self.alice, id: ewsId, to: "deleteditems")

            let byImmutable = try await harness.graph(.GET, "/users/\(Self.alice)/contacts/\(Self.encoded(immutableId))", headers: Self.immutable)
            #expect(byImmutable.status == 200)
            #expect(byImmutable["displayName"]?.stringValue == "Ada Lovelace")
            #expect(byImmutable["id"]?.stringValue == immutableId)
            let byOldId = try await harness.graph(.GET, "/users/\(Self.alice)/contacts/\(Self.encoded(ewsId.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: "+", with: "_")))")
            #expect(byOldId.status == 404)
            #expect(byOldId.errorCode == "ErrorItemNotFound")
        }
    }

    @Test func toDoTasksAreTheStoresTasks() async throws {
        try await SimulatorHarness.with { harness in
            let lists = try await harness.graph(.GET, "/users/\(Self.alice)/todo/lists")
            let list = try #require(lists.value.first { $0["wellknownListName"]?.stringValue == "defaultList" })
            let listId = try #require(list["id"]?.stringValue)
            let seeded = try await harness.graph(.GET, "/users/\(Self.alice)/todo/lists/\(listId)/tasks")
            #expect(seeded.value.map { $0["title"]?.stringValue } == ["Call Dupont SA"], "the seeded EWS task")

            let created = try await harness.graph(
                .POST, "/users/\(Self.alice)/todo/lists/\(listId)/tasks",
                body: #"{"title":"Call back","dueDateTime":{"dateTime":"2026-11-03T00:00:00","timeZone":"UTC"},"status":"inProgress"}"#)
            #expect(created.status == 201, "\(created.text)")
            let tasks = try harness.exchange.items(in: Self.alice, folder: "tasks")
            let stored = try #require(tasks.first { $0.subject == "Call back" })
            #expect(stored.xml.contains("<t:Status>InProgress</t:Status>"))
            #expect(stored.xml.contains("2026-11-03T00:00:00Z"))

            let taskId = try #require(created["id"]?.stringValue)
            let patched = try await harness.graph(
                .PATCH, "/users/\(Self.alice)/todo/lists/\(listId)/tasks/\(Self.encoded(taskId))", body: #"{"status":"completed"}"#)
            #expect(patched["status"]?.stringValue == "completed")
            let deleted = try await harness.graph(.DELETE, "/users/\(Self.alice)/todo/lists/\(listId)/tasks/\(Self.encoded(taskId))")
            #expect(deleted.status == 204)
            #expect(try harness.exchange.items(in: Self.alice, folder: "tasks").count == 1)
        }
    }

    @Test("A task's linked resources: created with it, expanded, added, listed; never written by PATCH, never seen by EWS")
    func toDoLinkedResources() async throws {
        try await SimulatorHarness.with { harness in
            let lists = try await harness.graph(.GET, "/users/\(Self.alice)/todo/lists")
            let listId = try #require(lists.value.first { $0["wellknownListName"]?.stringValue == "defaultList" }?["id"]?.stringValue)
            let tasks = "/users/\(Self.alice)/todo/lists/\(listId)/tasks"
            let created = try await harness.graph(
                .POST, tasks,
                body: #"{"title":"Relancer","linkedResources":[{"applicationName":"Prextra","externalId":"T-42","displayName":"Prextra CRM"}]}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(created["linkedResources"]?.arrayValue?.first?["externalId"]?.stringValue == "T-42")
            let taskId = try #require(created["id"]?.stringValue)
            let etag = try #require(created["@odata.etag"]?.stringValue)

            let plain = try await harness.graph(.GET, "\(tasks)/\(Self.encoded(taskId))")
            #expect(plain["linkedResources"] == nil, "not expanded unless asked")
            let added = try await harness.graph(
                .POST, "\(tasks)/\(Self.encoded(taskId))/linkedResources", body: #"{"applicationName":"Other","externalId":"X-1"}"#)
            #expect(added.status == 201, "\(added.text)")
            let expanded = try await harness.graph(.GET, "\(tasks)/\(Self.encoded(taskId))?$expand=linkedResources")
            #expect(expanded["linkedResources"]?.arrayValue?.compactMap { $0["externalId"]?.stringValue } == ["T-42", "X-1"])
            #expect(expanded["@odata.etag"]?.stringValue == etag, "adding a linked resource leaves the task's version")
            let listed = try await harness.graph(.GET, "\(tasks)?$expand=linkedResources")
            #expect(listed.value.contains { $0["linkedResources"]?.arrayValue?.count == 2 })
            let own = try await harness.graph(.GET, "\(tasks)/\(Self.encoded(taskId))/linkedResources")
            #expect(own.value.count == 2)

            let patched = try await harness.graph(
                .PATCH, "\(tasks)/\(Self.encoded(taskId))", body: #"{"linkedResources":[{"applicationName":"Prextra","externalId":"T-43"}]}"#)
            #expect(patched.status == 400)
            let unknownProperty = try await harness.graph(
                .POST, "\(tasks)/\(Self.encoded(taskId))/linkedResources", body: #"{"applicationName":"Prextra","recordId":"T-44"}"#)
            #expect(unknownProperty.status == 400, "checked against the CSDL")
            let stored = try #require(try harness.exchange.items(in: Self.alice, folder: "tasks").first { $0.subject == "Relancer" })
            #expect(!stored.xml.contains("T-42"), "EWS does not see linked resources")
        }
    }

    @Test func seriesInstancesCanBeEditedAndCancelledOneByOne() async throws {
        try await SimulatorHarness.with { harness in
            let series = """
                {"subject":"Standup","start":{"dateTime":"2026-11-02T09:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-11-02T09:15:00","timeZone":"UTC"},
                 "recurrence":{"pattern":{"type":"daily","interval":1},"range":{"type":"numbered","startDate":"2026-11-02","numberOfOccurrences":5}}}
                """
            let created = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: series)
            #expect(created.status == 201, "\(created.text)")
            #expect(created["type"]?.stringValue == "seriesMaster")
            #expect(created["recurrence"]?["pattern"]?["type"]?.stringValue == "daily")
            let masterId = try #require(created["id"]?.stringValue)
            let window = "startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-11-30T00:00:00Z"
            let instances = try await harness.graph(.GET, "/users/\(Self.alice)/events/\(Self.encoded(masterId))/instances?\(window)")
            #expect(instances.value.count == 5, "\(instances.text)")
            #expect(instances.value.allSatisfy { $0["seriesMasterId"]?.stringValue == masterId && $0["type"]?.stringValue == "occurrence" })
            let second = try #require(instances.value[1]["id"]?.stringValue)
            let third = try #require(instances.value[2]["id"]?.stringValue)

            let moved = try await harness.graph(
                .PATCH, "/users/\(Self.alice)/events/\(Self.encoded(second))", body: #"{"subject":"Standup (moved)","start":{"dateTime":"2026-11-03T11:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-11-03T11:15:00","timeZone":"UTC"}}"#)
            #expect(moved.status == 200, "\(moved.text)")
            #expect(moved["type"]?.stringValue == "exception")
            #expect(moved["subject"]?.stringValue == "Standup (moved)")
            let cancelled = try await harness.graph(.DELETE, "/users/\(Self.alice)/events/\(Self.encoded(third))")
            #expect(cancelled.status == 204)

            let after = try await harness.graph(.GET, "/users/\(Self.alice)/events/\(Self.encoded(masterId))/instances?\(window)")
            #expect(after.value.count == 4)
            #expect(after.value.contains { $0["type"]?.stringValue == "exception" && $0["start"]?["dateTime"]?.stringValue == "2026-11-03T11:00:00.0000000" })
            let gone = try await harness.graph(.GET, "/users/\(Self.alice)/events/\(Self.encoded(third))")
            #expect(gone.status == 404)
        }
    }
}
