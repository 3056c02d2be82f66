import ExchangeSimulator
import Foundation
import Testing

@testable import ExchangeWebServices

/// The client's streaming notifications against the simulator over real loopback HTTP: events
/// arrive while the GetStreamingEvents body is still open, per-subscription failures are
/// reported, and the envelope splitter is indifferent to chunk boundaries.
@Suite("EWS streaming notifications (client)")
struct StreamingNotificationsClientTests {
    static let alice = "alice@contoso.example"
    static let bob = "bob@contoso.example"

    /// Accepts any token as Contoso's application with `full_access_as_app`.
    struct ContosoTokens: AppTokenValidating {
        func validate(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
            ExchangeSimulator.AppTokenClaims(
                tenantId: "11111111-1111-4111-8111-111111111111", appId: "22222222-2222-4222-8222-222222222222",
                roles: ["full_access_as_app"])
        }
    }

    static func withSimulator(_ body: (SimulatorServer, ExchangeWebServicesClient) async throws -> Void) async throws {
        let server = try SimulatorServer(
            configuration: SimulatorConfiguration(
                seed: .demo, validatesResponses: true,
                streamingNotifications: StreamingNotificationSettings(keepAliveInterval: .milliseconds(300), streamingMinute: .seconds(2))),
            tokenValidator: ContosoTokens())
        let url = try await server.start()
        do {
            try await body(server, TestClient.make(url.appendingPathComponent("EWS/Exchange.asmx")))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static let task = #"<t:Task xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Subject>seen live</t:Subject></t:Task>"#

    @Test func eventsArriveWhileTheBodyIsOpenAndTheStreamEndsAtClosed() async throws {
        try await Self.withSimulator { server, client in
            let alices = try await client.subscribeToStreamingNotifications(
                folders: [.distinguished(.tasks)], eventTypes: [.created, .modified, .deleted, .moved], mailbox: Self.alice)
            // Bob's subscription shares alice's connection, anchored on her (one group).
            let bobs = try await client.subscribeToStreamingNotificationsOnAllFolders(
                eventTypes: [.created], mailbox: Self.bob, anchorMailbox: Self.alice)
            let opened = ContinuousClock.now
            var created: String?
            var bobsItem: String?
            var sawEventBeforeClose = false
            var keepAlives = 0
            var last: StreamingEventsMessage?
            for try await message in client.streamingEvents(subscriptionIDs: [alices, bobs], anchorMailbox: Self.alice, connectionTimeout: 1) {
                last = message
                if message.connectionStatus == .ok {
                    keepAlives += 1
                    if created == nil {
                        created = try server.exchange.createItem(in: Self.alice, folder: "tasks", xml: Self.task).id
                        bobsItem = try server.exchange.createItem(in: Self.bob, folder: "tasks", xml: Self.task).id
                    }
                }
                for notification in message.notifications {
                    for event in notification.events where event.type == .created {
                        if notification.subscriptionID == alices, event.itemID?.id == created { sawEventBeforeClose = true }
                        if notification.subscriptionID == bobs { #expect(event.itemID?.id == bobsItem) }
                        #expect(event.parentFolderID != nil && event.timeStamp != nil)
                    }
                }
            }
            #expect(sawEventBeforeClose, "the CreatedEvent was yielded before the connection closed")
            #expect(keepAlives >= 2)
            #expect(last?.connectionStatus == .closed)
            #expect(ContinuousClock.now - opened >= .seconds(1.8), "the stream lasted the (accelerated) minute")
        }
    }

    @Test func anExpiredSubscriptionIsReportedByIdAndUnsubscribeWorks() async throws {
        try await Self.withSimulator { _, client in
            let live = try await client.subscribeToStreamingNotifications(
                folders: [.distinguished(.tasks)], eventTypes: [.created], mailbox: Self.alice)
            let gone = try await client.subscribeToStreamingNotifications(
                folders: [.distinguished(.calendar)], eventTypes: [.created], mailbox: Self.alice)
            try await client.unsubscribe(subscriptionID: gone, mailbox: Self.alice)
            await #expect(throws: ExchangeWebServices.EWSError.self) { try await client.unsubscribe(subscriptionID: gone, mailbox: Self.alice) }
            var failures: [StreamingEventsMessage.SubscriptionFailure] = []
            for try await message in client.streamingEvents(subscriptionIDs: [live, gone], anchorMailbox: Self.alice, connectionTimeout: 1) {
                failures += message.subscriptionFailures
                if message.connectionStatus == .ok { break }
            }
            #expect(failures.map(\.subscriptionID) == [gone])
            #expect(failures.first?.code == EWSResponseCode(rawValue: "ErrorSubscriptionNotFound"))
        }
    }

    @Test func aSchemaRefusedRequestIsThrown() async throws {
        try await Self.withSimulator { _, client in
            let stream = client.streamingEvents(subscriptionIDs: ["x"], anchorMailbox: Self.alice, connectionTimeout: 31)
            await #expect(throws: ExchangeWebServices.EWSError.self) { for try await _ in stream {} }
        }
    }

    @Test func theSplitterCutsEnvelopesAtAnyChunkBoundary() throws {
        let one = #"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x>a&lt;/s:Envelope&gt;</x></s:Body></s:Envelope>"#
        let two = "\r\n<Envelope><Body/></Envelope>"
        let bytes = Array((one + two).utf8)
        for size in [1, 2, 3, 7, 64, bytes.count] {
            var splitter = SOAPEnvelopeSplitter()
            var documents: [[UInt8]] = []
            var start = 0
            while start < bytes.count {
                documents += try splitter.feed(bytes[start..<min(start + size, bytes.count)])
                start += size
            }
            #expect(documents.map { String(decoding: $0, as: UTF8.self) } == [one, "<Envelope><Body/></Envelope>"], "chunk size \(size)")
            #expect(!splitter.hasPartialDocument)
        }
    }
}
