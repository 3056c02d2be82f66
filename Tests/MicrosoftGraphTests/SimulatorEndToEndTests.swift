import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import MicrosoftGraph
import MicrosoftIdentity
import Testing

/// The client against the simulator's Graph side over loopback, with tokens obtained the real way
/// (client credentials at the simulator's Entra ID endpoint, Graph audience).
@Suite("MicrosoftGraph against the simulator")
struct SimulatorEndToEndTests {
    static let tenant = "11111111-1111-4111-8111-111111111111"
    static let app = "22222222-2222-4222-8222-222222222222"
    static let secret = "demo-secret-value~contoso"
    static let alice = "alice@contoso.example"
    static let tag = "String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId"

    static func withClient(_ body: (GraphClient) async throws -> Void) async throws {
        // The demo world, with the Graph application roles the sync asks for granted to Contoso's app.
        var seed = SimulatorSeed.demo
        seed.tenants[0].apps[0].roles["graph"] = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "Mail.Read", "User.Read.All"]
        let simulator = try ExchangeOnlineSimulator(configuration: SimulatorConfiguration(seed: seed, port: 0))
        let endpoints = try await simulator.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: GraphClient.recommendedHTTPClientConfiguration)
        let cloud = AzureCloud.custom(authority: endpoints.authority)
        let tokens = AccessTokenProviders(endpoint: TokenEndpointClient(httpClient: http)).provider(
            for: AppRegistration(tenantId: tenant, clientId: app, credential: .secret(ClientSecret(secret)), cloud: cloud),
            resource: .graph(in: cloud))
        let client = GraphClient(
            configuration: GraphClientConfiguration(baseURL: endpoints.baseURL.appendingPathComponent("v1.0"), preferredTimeZone: "UTC", maxPageSize: 2),
            httpClient: http, tokenProvider: tokens)
        do {
            try await body(client)
        } catch {
            try? await http.shutdown()
            await simulator.stop()
            throw error
        }
        try? await http.shutdown()
        await simulator.stop()
    }

    @Test func anEventLivesThroughCreateFindUpdateDeltaAndDelete() async throws {
        try await Self.withClient { client in
            var event = GraphEvent()
            event.subject = "Review"
            event.start = DateTimeTimeZone(dateTime: "2026-11-02T09:00:00", timeZone: "W. Europe Standard Time")
            event.end = DateTimeTimeZone(dateTime: "2026-11-02T10:00:00", timeZone: "W. Europe Standard Time")
            event.singleValueExtendedProperties = [GraphExtendedProperty(id: Self.tag, value: "APT-42")]
            let created = try await client.createEvent(event, transactionID: "erp-APT-42", mailbox: Self.alice)
            let id = try #require(created.id)
            let etag = try #require(created.etag)
            // The same transaction id does not create a second event.
            let again = try await client.createEvent(event, transactionID: "erp-APT-42", mailbox: Self.alice)
            #expect(again.id == id)

            let found = try await client.findEvents(taggedWith: Self.tag, value: "APT-42", mailbox: Self.alice)
            #expect(found.map(\.id) == [id])
            #expect(found.first?.singleValueExtendedProperties?.first?.value == "APT-42")

            var changes = GraphEvent()
            changes.subject = "Review v2"
            let updated = try await client.updateEvent(id: id, etag: etag, changes: GraphChanges(changes), mailbox: Self.alice)
            #expect(updated.subject == "Review v2")
            let stale = await #expect(throws: MicrosoftGraph.GraphError.self) {
                try await client.updateEvent(id: id, etag: etag, changes: GraphChanges(changes), mailbox: Self.alice)
            }
            #expect(stale?.kind == .preconditionFailed)

            let window = GraphTimeWindow(start: Date(timeIntervalSince1970: 1_793_491_200), end: Date(timeIntervalSince1970: 1_801_353_600))
            var round = GraphDeltaRound(client.calendarViewDelta(mailbox: Self.alice, window: window))
            var ids: [String] = []
            while let page = try await round.nextPage(from: client) { ids += page.compactMap(\.id) }
            #expect(round.isComplete)
            #expect(ids.contains(id))

            let current = try await client.event(id: id, mailbox: Self.alice)
            try await client.deleteEvent(id: id, etag: try #require(current.etag), mailbox: Self.alice)

            // The next round from the stored deltaLink reports the delete.
            var next = GraphDeltaRound(client.calendarViewDelta(mailbox: Self.alice, window: window), resumingFrom: round.deltaLink)
            var removed: [String] = []
            while let page = try await next.nextPage(from: client) {
                for entry in page { if case .removed(let removedID, _) = entry { removed.append(removedID) } }
            }
            #expect(removed.contains(id))
        }
    }

    @Test func contactsTasksBatchAndIdTranslationWork() async throws {
        try await Self.withClient { client in
            var contact = GraphContact()
            contact.givenName = "Ann"
            contact.surname = "Example"
            contact.singleValueExtendedProperties = [GraphExtendedProperty(id: Self.tag, value: "CON-7")]
            let created = try await client.createContact(contact, mailbox: Self.alice)
            let found = try await client.findContacts(taggedWith: Self.tag, value: "CON-7", mailbox: Self.alice)
            #expect(found.map(\.id) == [created.id])

            var contacts = GraphDeltaRound(client.contactsDelta(mailbox: Self.alice))
            var seen = 0
            while let page = try await contacts.nextPage(from: client) { seen += page.count }
            #expect(seen >= 2)

            let lists = try await client.todoTaskLists(mailbox: Self.alice)
            let list = try #require(lists.first?.id)
            var task = GraphTodoTask()
            task.title = "Call back"
            let createdTask = try await client.createTask(task, listID: list, mailbox: Self.alice)
            var tasks = GraphDeltaRound(client.tasksDelta(mailbox: Self.alice, listID: list))
            var taskIDs: [String] = []
            while let page = try await tasks.nextPage(from: client) { taskIDs += page.compactMap(\.id) }
            #expect(taskIDs.contains(try #require(createdTask.id)))

            var event = GraphEvent()
            event.subject = "Batched"
            event.start = DateTimeTimeZone(dateTime: "2026-11-03T09:00:00", timeZone: "UTC")
            event.end = DateTimeTimeZone(dateTime: "2026-11-03T10:00:00", timeZone: "UTC")
            let requests = try (0..<22).map { try GraphBatchRequest.createEvent(id: "b\($0)", event, transactionID: "batch-\($0)", mailbox: Self.alice) }
            let answers = try await client.batch(requests, mailbox: Self.alice)
            #expect(answers.map(\.status) == Array(repeating: 201, count: 22))
            let batchedID = try #require(try answers[0].decode(GraphEvent.self).id)

            let translated = try await client.translateExchangeIDs([batchedID], from: .restImmutableEntryId, to: .restId, mailbox: Self.alice)
            #expect(translated.count == 1)
            #expect(translated.first?.targetId != nil)
        }
    }

    @Test func anExpiredDeltaLinkRestartsTheRoundWithA410() async throws {
        try await Self.withClient { client in
            let window = GraphTimeWindow(start: Date(timeIntervalSince1970: 1_767_225_600), end: Date(timeIntervalSince1970: 1_801_353_600))
            let query = client.calendarViewDelta(mailbox: Self.alice, window: window)
            var first = GraphDeltaRound(query)
            var firstCount = 0
            while let page = try await first.nextPage(from: client) { firstCount += page.count }
            let expired = try #require(first.deltaLink)
            // Later rounds make newer generations; the first deltaLink falls out of the kept ones.
            var link = expired
            for _ in 0..<6 {
                var round = GraphDeltaRound(query, resumingFrom: link)
                while try await round.nextPage(from: client) != nil {}
                link = try #require(round.deltaLink)
            }
            var stale = GraphDeltaRound(query, resumingFrom: expired)
            let error = await #expect(throws: MicrosoftGraph.GraphError.self) { try await stale.nextPage(from: client) }
            #expect(error?.kind == .syncStateNotFound)
            #expect(stale.restarted)
            // The restarted round reads everything again from the first call.
            var count = 0
            while let page = try await stale.nextPage(from: client) { count += page.count }
            #expect(stale.isComplete)
            #expect(count == firstCount)
            #expect(firstCount > 0)
        }
    }
}
