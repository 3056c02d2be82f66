import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import NIOCore
import Testing

/// EWS streaming notifications of the simulator over loopback HTTP: Subscribe, a
/// GetStreamingEvents response held open, events as they happen, keep-alives, Closed at the
/// timeout, per-subscription errors, isolation between mailboxes and tenants, notification faults.
/// "Minutes" of ConnectionTimeout are shortened with the test acceleration `streamingMinute`.
@Suite("EWS streaming notifications (simulator)")
struct StreamingNotificationsTests {
    static let allEvents = ["CreatedEvent", "ModifiedEvent", "DeletedEvent", "MovedEvent"]

    static func task(_ subject: String) -> String {
        #"<t:Task xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Subject>\#(subject)</t:Subject></t:Task>"#
    }

    /// A harness whose streaming "minute" lasts `minute` and keep-alives come every `keepAlive`.
    static func with(
        minute: Duration = .seconds(3), keepAlive: Duration = .milliseconds(400), _ body: (SimulatorHarness) async throws -> Void
    ) async throws {
        try await SimulatorHarness.with { harness in
            var settings = harness.exchange.streaming.settings
            settings.streamingMinute = minute
            settings.keepAliveInterval = keepAlive
            harness.exchange.streaming.settings = settings
            try await body(harness)
        }
    }

    static func subscribe(
        _ harness: SimulatorHarness, mailbox: String = SimulatorHarness.alice, folders: String? = #"<t:DistinguishedFolderId Id="tasks"/>"#,
        events: [String] = allEvents, tenant: String = SimulatorHarness.contoso
    ) async throws -> String {
        let scope = folders.map { "<t:FolderIds>\($0)</t:FolderIds>" } ?? ""
        let attribute = folders == nil ? #" SubscribeToAllFolders="true""# : ""
        let types = events.map { "<t:EventType>\($0)</t:EventType>" }.joined()
        let response = try await harness.ews(
            "<m:Subscribe><m:StreamingSubscriptionRequest\(attribute)>\(scope)<t:EventTypes>\(types)</t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>",
            mailbox: mailbox, tenant: tenant)
        let message = try #require(response.messages.first, "\(response.body)")
        #expect(message.child("ResponseCode")?.text == "NoError", "\(response.body)")
        let id = try #require(message.child("SubscriptionId")?.text)
        #expect(Data(base64Encoded: id) != nil, "the id is opaque base64, as Exchange's")
        return id
    }

    static func getStreamingEvents(_ ids: [String], minutes: Int = 1, mailbox: String = SimulatorHarness.alice) -> String {
        let list = ids.map { "<t:SubscriptionId>\($0)</t:SubscriptionId>" }.joined()
        return SimulatorHarness.envelope(
            "<m:GetStreamingEvents><m:SubscriptionIds>\(list)</m:SubscriptionIds><m:ConnectionTimeout>\(minutes)</m:ConnectionTimeout></m:GetStreamingEvents>",
            mailbox: mailbox)
    }

    static func setNotificationFaults(_ harness: SimulatorHarness, _ json: String) async throws {
        var request = HTTPClientRequest(url: harness.baseURL.appendingPathComponent("control/notifications").absoluteString)
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await harness.client.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)
    }

    @Test func anEventArrivesWhileTheResponseIsOpenThenKeepAlivesThenClosedAtTheTimeout() async throws {
        try await Self.with { harness in
            let id = try await Self.subscribe(harness)
            let opened = ContinuousClock.now
            let stream = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([id]))
            defer { stream.cancel() }
            try await Task.sleep(for: .milliseconds(150))
            let created = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "tasks", xml: Self.task("streamed"))
            let createdEvent = await stream.first(within: .seconds(10)) { received in
                received.events.contains { $0.name == "CreatedEvent" && $0.child("ItemId")?[attribute: "Id"] == created.id }
            }
            let arrival = try #require(createdEvent, "no CreatedEvent: \(stream.received.map(\.text))")
            #expect(!stream.ended, "the event came while the body was still open")
            let event = try #require(arrival.events.first)
            #expect(event.child("TimeStamp") != nil && event.child("ParentFolderId")?[attribute: "Id"] != nil)
            #expect(arrival.message?.child("Notifications")?.children.first?.child("SubscriptionId")?.text == id)

            try harness.exchange.updateItem(in: SimulatorHarness.alice, id: created.id, set: ["Subject": "edited"], setXML: [], remove: [])
            let modified = await stream.first(within: .seconds(10)) { $0.events.contains { $0.name == "ModifiedEvent" } }
            #expect(modified != nil)

            #expect(await stream.waitForEnd(within: .seconds(15)), "the body ends after ConnectionTimeout")
            let elapsed = ContinuousClock.now - opened
            #expect(elapsed >= .seconds(2.8), "not before one accelerated minute (3 s): \(elapsed)")
            let received = stream.received
            #expect(received.last?.connectionStatus == "Closed")
            // Keep-alives come every 400 ms of silence; how many fit before the close depends on the
            // machine (a loaded 2-core runner delivered 2, twice in one day), so the count is not the point.
            #expect(received.filter { $0.connectionStatus == "OK" && $0.events.isEmpty }.count >= 1, "a keep-alive while idle")
            #expect(stream.status == 200)
            #expect(stream.violations.isEmpty, "\(stream.violations)")
        }
    }

    @Test func anUnknownSubscriptionGetsErrorSubscriptionNotFoundAndTheConnectionCloses() async throws {
        try await Self.with { harness in
            let bogus = Data("not a subscription".utf8).base64EncodedString()
            let stream = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([bogus]))
            #expect(await stream.waitForEnd(within: .seconds(10)))
            let message = try #require(stream.received.first?.message, "\(stream.received.map(\.text))")
            #expect(message[attribute: "ResponseClass"] == "Error")
            #expect(message.child("ResponseCode")?.text == "ErrorSubscriptionNotFound")
            #expect(message.child("ErrorSubscriptionIds")?.children.map(\.text) == [bogus])
            #expect(message.child("ConnectionStatus")?.text == "Closed")
            #expect(stream.violations.isEmpty, "\(stream.violations)")
        }
    }

    @Test func aKnownAndAnUnknownSubscriptionShareAConnection() async throws {
        try await Self.with { harness in
            let id = try await Self.subscribe(harness)
            let bogus = Data("gone".utf8).base64EncodedString()
            let stream = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([bogus, id]))
            defer { stream.cancel() }
            let error = await stream.first(within: .seconds(10)) { $0.responseCode == "ErrorSubscriptionNotFound" }
            #expect(error?.message?.child("ErrorSubscriptionIds")?.children.map(\.text) == [bogus])
            #expect(error?.connectionStatus == nil, "the connection stays open for the valid subscription")
            let created = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "tasks", xml: Self.task("still delivered"))
            let event = await stream.first(within: .seconds(10)) { $0.events.contains { $0.child("ItemId")?[attribute: "Id"] == created.id } }
            #expect(event != nil)
        }
    }

    @Test func anotherMailboxChangeDoesNotReachTheSubscription() async throws {
        try await Self.with { harness in
            let id = try await Self.subscribe(harness, folders: nil)
            let stream = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([id]))
            defer { stream.cancel() }
            let bobs = try harness.exchange.createItem(in: SimulatorHarness.bob, folder: "tasks", xml: Self.task("bob's"))
            let alices = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "tasks", xml: Self.task("alice's"))
            _ = await stream.first(within: .seconds(10)) { $0.events.contains { $0.child("ItemId")?[attribute: "Id"] == alices.id } }
            try await Task.sleep(for: .milliseconds(200))
            let ids = stream.received.flatMap(\.events).compactMap { $0.child("ItemId")?[attribute: "Id"] }
            #expect(ids.contains(alices.id))
            #expect(!ids.contains(bobs.id), "bob's change never reaches alice's subscription")
        }
    }

    @Test func aFolderSubscriptionIgnoresOtherFoldersAndAMoveIsOneMovedEvent() async throws {
        try await Self.with { harness in
            let id = try await Self.subscribe(harness, folders: #"<t:DistinguishedFolderId Id="tasks"/>"#)
            let stream = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([id]))
            defer { stream.cancel() }
            let elsewhere = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "contacts",
                xml: #"<t:Contact xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:DisplayName>elsewhere</t:DisplayName></t:Contact>"#)
            let task = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "tasks", xml: Self.task("to move"))
            _ = await stream.first(within: .seconds(10)) { $0.events.contains { $0.child("ItemId")?[attribute: "Id"] == task.id } }
            let moved = try harness.exchange.moveItem(in: SimulatorHarness.alice, id: task.id, to: "deleteditems")
            let move = await stream.first(within: .seconds(10)) { $0.events.contains { $0.name == "MovedEvent" } }
            let event = try #require(move?.events.first { $0.name == "MovedEvent" }, "\(stream.received.map(\.text))")
            #expect(event.child("ItemId")?[attribute: "Id"] == moved.id)
            #expect(event.child("OldItemId")?[attribute: "Id"] == task.id)
            #expect(event.child("OldParentFolderId") != nil)
            let ids = stream.received.flatMap(\.events).compactMap { $0.child("ItemId")?[attribute: "Id"] }
            #expect(!ids.contains(elsewhere.id))
        }
    }

    @Test func theDropKnobSwallowsEventsAndTheDelayKnobHoldsThemBack() async throws {
        try await Self.with { harness in
            let id = try await Self.subscribe(harness)
            let stream = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([id]))
            defer { stream.cancel() }
            try await Self.setNotificationFaults(harness, #"{"drop": true}"#)
            #expect(harness.exchange.notificationFaults.drop)
            let dropped = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "tasks", xml: Self.task("dropped"))
            try await Task.sleep(for: .milliseconds(500))
            #expect(stream.received.flatMap(\.events).isEmpty, "a dropped notification never arrives")

            try await Self.setNotificationFaults(harness, #"{"drop": false, "delayMilliseconds": 1200}"#)
            let delayed = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "tasks", xml: Self.task("delayed"))
            let changedAt = ContinuousClock.now
            let arrival = await stream.first(within: .seconds(10)) { $0.events.contains { $0.child("ItemId")?[attribute: "Id"] == delayed.id } }
            let at = try #require(arrival?.at)
            #expect(at - changedAt >= .milliseconds(1150), "held back by the delay: \(at - changedAt)")
            let ids = stream.received.flatMap(\.events).compactMap { $0.child("ItemId")?[attribute: "Id"] }
            #expect(!ids.contains(dropped.id))
        }
    }

    @Test func theControlAPIReadsTheNotificationFaultsBackAndRefusesANegativeDelay() async throws {
        try await SimulatorHarness.with { harness in
            try await Self.setNotificationFaults(harness, #"{"drop": true, "delayMilliseconds": 1500}"#)
            let read = try await harness.client.execute(
                HTTPClientRequest(url: harness.baseURL.appendingPathComponent("control/notifications").absoluteString), timeout: .seconds(10))
            let body = try await read.body.collect(upTo: 1 << 16)
            let settings = try JSONDecoder().decode(NotificationFaults.Settings.self, from: Data(body.readableBytesView))
            #expect(settings == NotificationFaults.Settings(drop: true, delayMilliseconds: 1500))
            #expect(harness.exchange.notificationFaults.delay == .milliseconds(1500))

            var negative = HTTPClientRequest(url: harness.baseURL.appendingPathComponent("control/notifications").absoluteString)
            negative.method = .PUT
            negative.headers.add(name: "Content-Type", value: "application/json")
            negative.body = .bytes(ByteBuffer(string: #"{"delayMilliseconds": -5}"#))
            let refused = try await harness.client.execute(negative, timeout: .seconds(10))
            #expect(refused.status == .badRequest)
            #expect(harness.exchange.notificationFaults.delay == .milliseconds(1500))
        }
    }

    @Test func schemaInvalidRequestsAreRefused() async throws {
        try await Self.with { harness in
            let id = try await Self.subscribe(harness)
            // ConnectionTimeout is 1...30 minutes (StreamingSubscriptionConnectionTimeoutType).
            let tooLong = try await harness.post(Self.getStreamingEvents([id], minutes: 31))
            #expect(tooLong.status == 500)
            #expect(tooLong.faultCode == "ErrorSchemaValidation")
            let unknownEvent = try await harness.ews(
                "<m:Subscribe><m:StreamingSubscriptionRequest SubscribeToAllFolders=\"true\"><t:EventTypes><t:EventType>EverythingEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>"
            )
            #expect(unknownEvent.faultCode == "ErrorSchemaValidation")
        }
    }

    @Test func moreThan200SubscriptionsOnOneConnectionAreRefused() async throws {
        try await Self.with { harness in
            let ids = (0..<201).map { Data("id \($0)".utf8).base64EncodedString() }
            let response = try await harness.post(Self.getStreamingEvents(ids))
            #expect(response.messages.first?.child("ResponseCode")?.text == "ErrorInvalidArgument")
            #expect(response.messages.first?.child("ConnectionStatus")?.text == "Closed")
        }
    }

    @Test func anotherTenantCannotOpenTheSubscriptionAndUnsubscribeEndsIt() async throws {
        try await Self.with { harness in
            let id = try await Self.subscribe(harness)
            let stranger = try StreamingEnvelopeCollector(
                harness: harness,
                xml: Self.getStreamingEvents([id], mailbox: SimulatorHarness.carol), tenant: SimulatorHarness.fabrikam,
                anchor: SimulatorHarness.carol)
            #expect(await stranger.waitForEnd(within: .seconds(10)))
            #expect(stranger.received.first?.responseCode == "ErrorSubscriptionNotFound")

            let stream = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([id]))
            defer { stream.cancel() }
            _ = await stream.first(within: .seconds(10)) { $0.connectionStatus == "OK" }
            let unsubscribe = "<m:Unsubscribe><m:SubscriptionId>\(id)</m:SubscriptionId></m:Unsubscribe>"
            let first = try await harness.ews(unsubscribe)
            #expect(first.messages.first?.child("ResponseCode")?.text == "NoError")
            #expect(await stream.waitForEnd(within: .seconds(10)), "the connection loses its only subscription and closes")
            #expect(stream.received.contains { $0.responseCode == "ErrorSubscriptionUnsubscribed" })
            #expect(stream.received.last?.connectionStatus == "Closed")
            let again = try await harness.ews(unsubscribe)
            #expect(again.messages.first?.child("ResponseCode")?.text == "ErrorSubscriptionNotFound")
        }
    }

    @Test func aNewerConnectionTakesTheSubscriptionOverAndEventsQueueWhileNoneIsOpen() async throws {
        try await Self.with { harness in
            let id = try await Self.subscribe(harness)
            let queued = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "tasks", xml: Self.task("queued"))
            let older = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([id]))
            defer { older.cancel() }
            let early = await older.first(within: .seconds(10)) { $0.events.contains { $0.child("ItemId")?[attribute: "Id"] == queued.id } }
            #expect(early != nil, "an event queued before any connection is delivered when one opens")
            let newer = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([id]))
            defer { newer.cancel() }
            #expect(await older.waitForEnd(within: .seconds(10)), "the older connection closes")
            #expect(older.received.contains { $0.responseCode == "ErrorSubscriptionNotFound" })
            let later = try harness.exchange.createItem(in: SimulatorHarness.alice, folder: "tasks", xml: Self.task("later"))
            let arrival = await newer.first(within: .seconds(10)) { $0.events.contains { $0.child("ItemId")?[attribute: "Id"] == later.id } }
            #expect(arrival != nil)
        }
    }

    @Test func aSubscriptionExpiresWithoutAConnection() async throws {
        try await Self.with { harness in
            var settings = harness.exchange.streaming.settings
            settings.subscriptionLifetimeWithoutConnection = .milliseconds(300)
            harness.exchange.streaming.settings = settings
            let id = try await Self.subscribe(harness)
            try await Task.sleep(for: .milliseconds(500))
            let stream = try StreamingEnvelopeCollector(harness: harness, xml: Self.getStreamingEvents([id]))
            #expect(await stream.waitForEnd(within: .seconds(10)))
            #expect(stream.received.first?.responseCode == "ErrorSubscriptionNotFound")
        }
    }
}
