import Foundation
import Testing

@testable import ExchangeWebServices

/// The client's HTTP behaviour against a real server on 127.0.0.1.
@Suite("Transport: authentication, throttling and retries")
struct TransportTests {
    static let mailbox = "alice@contoso.example"

    static func syncOK() -> ScriptedResponse {
        .ok(
            ResponseEnvelope.success(
                "SyncFolderItems",
                messages: ["<m:SyncState>S2</m:SyncState><m:IncludesLastItemInRange>true</m:IncludesLastItemInRange><m:Changes/>"]))
    }

    static func sync(_ client: ExchangeWebServicesClient) async throws -> SyncFolderItemsPage {
        try await client.syncFolderItems(in: .distinguished(.calendar), syncState: "S1", mailbox: mailbox)
    }

    @Test func a401RefreshesTheTokenOnceAndRetries() async throws {
        let server = ScriptedEWSServer(responses: [ScriptedResponse(status: 401, body: ""), Self.syncOK()])
        let tokens = CountingTokenProvider()
        let page = try await server.run { url in try await Self.sync(TestClient.make(url, tokens: tokens)) }
        #expect(page.syncState == "S2")
        #expect(tokens.forcedRefreshes == 1)
        let auth = server.requests.map { $0.headers["authorization"] ?? "" }
        #expect(auth.count == 2)
        #expect(auth[0].hasPrefix("Bearer token-1-"))
        #expect(auth[1].hasPrefix("Bearer token-2-"))
    }

    @Test func aSecond401IsUnauthorizedAndNeverShowsTheToken() async throws {
        let denied = ScriptedResponse(
            status: 401,
            headers: [
                "WWW-Authenticate": #"Bearer client_id="00000002-0000-0ff1-ce00-000000000000", error="invalid_token""#,
                "x-ms-diagnostics": #"2000008;reason="The token contains no permissions, or permissions can not be understood.";error_category="invalid_grant""#,
            ], body: "")
        let server = ScriptedEWSServer(responses: [denied, denied, Self.syncOK()])
        let tokens = CountingTokenProvider()
        let error = await #expect(throws: EWSError.self) {
            try await server.run { url in try await Self.sync(TestClient.make(url, tokens: tokens)) }
        }
        #expect(error?.kind == .unauthorized)
        #expect(error?.httpStatus == 401)
        #expect(error?.message.contains("invalid_token") == true)
        #expect(error?.message.contains("no permissions") == true)
        #expect(server.requests.count == 2)
        #expect(tokens.forcedRefreshes == 1)
        let rendered = "\(String(describing: error)) \(error?.description ?? "") \(error?.remedy ?? "")"
        #expect(!rendered.contains(CountingTokenProvider.canary))
        #expect(error?.mailbox == Self.mailbox)
        #expect(error?.operation == "SyncFolderItems")
    }

    @Test func noLogLineCarriesTheToken() async throws {
        let server = ScriptedEWSServer(responses: [
            ScriptedResponse(status: 401, body: ""),
            ScriptedResponse(status: 503, headers: ["Retry-After": "1"], body: ""),
            ScriptedResponse(status: 500, body: ResponseEnvelope.serverBusyFault(backOffMilliseconds: 10)),
            Self.syncOK(),
        ])
        let capture = LogCapture()
        _ = try await server.run { url in try await Self.sync(TestClient.make(url, logger: capture.logger)) }
        #expect(server.requests.count == 4)
        #expect(capture.all.count >= 3)
        #expect(capture.all.contains { $0.contains("client-request-id") })
        #expect(!capture.all.contains { $0.contains(CountingTokenProvider.canary) || $0.contains("Bearer") })
    }

    @Test func a503IsRetriedAfterRetryAfterWithJitter() async throws {
        let server = ScriptedEWSServer(responses: [
            ScriptedResponse(status: 503, headers: ["Retry-After": "7"], body: "busy"), Self.syncOK(),
        ])
        let sleeper = RecordingSleeper()
        let page = try await server.run { url in try await Self.sync(TestClient.make(url, sleeper: sleeper)) }
        #expect(page.syncState == "S2")
        #expect(server.requests.count == 2)
        #expect(sleeper.recorded.count == 1)
        let wait = try #require(sleeper.recorded.first)
        #expect(wait >= .seconds(7) && wait <= .seconds(7) * 1.1)
    }

    @Test(arguments: [429, 502, 503, 504])
    func throttlingAndGatewayStatusesAreRetried(status: Int) async throws {
        let server = ScriptedEWSServer(responses: [ScriptedResponse(status: status, headers: ["Retry-After": "3"], body: ""), Self.syncOK()])
        let sleeper = RecordingSleeper()
        _ = try await server.run { url in try await Self.sync(TestClient.make(url, sleeper: sleeper)) }
        #expect(server.requests.count == 2)
        #expect(sleeper.recorded.first.map { $0 >= .seconds(3) } == true)
    }

    @Test func serverBusyFaultWaitsBackOffMilliseconds() async throws {
        let server = ScriptedEWSServer(responses: [
            ScriptedResponse(status: 500, body: ResponseEnvelope.serverBusyFault(backOffMilliseconds: 2500)), Self.syncOK(),
        ])
        let sleeper = RecordingSleeper()
        let page = try await server.run { url in try await Self.sync(TestClient.make(url, sleeper: sleeper)) }
        #expect(page.syncState == "S2")
        let wait = try #require(sleeper.recorded.first)
        #expect(wait >= .milliseconds(2500) && wait <= .milliseconds(2750))
    }

    @Test func aBackOffLongerThanTheBoundIsSurfacedNotWaited() async throws {
        let server = ScriptedEWSServer(responses: [
            ScriptedResponse(status: 500, body: ResponseEnvelope.serverBusyFault(backOffMilliseconds: 297_749)), Self.syncOK(),
        ])
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: EWSError.self) {
            try await server.run { url in try await Self.sync(TestClient.make(url, sleeper: sleeper)) }
        }
        #expect(error?.code == .errorServerBusy)
        #expect(error?.backOff == .milliseconds(297_749))
        #expect(error?.isTransient == true)
        #expect(sleeper.recorded.isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test func throttlingOfEveryMessageIsRetriedLikeAFault() async throws {
        let busy = ResponseEnvelope.error(
            "SyncFolderItems", code: "ErrorServerBusy",
            messageXml: #"<m:MessageXml><t:Value Name="BackOffMilliseconds">1000</t:Value></m:MessageXml>"#)
        let server = ScriptedEWSServer(responses: [.ok(busy), Self.syncOK()])
        let sleeper = RecordingSleeper()
        _ = try await server.run { url in try await Self.sync(TestClient.make(url, sleeper: sleeper)) }
        #expect(server.requests.count == 2)
        #expect(sleeper.recorded.count == 1)
    }

    @Test func retriesAreBounded() async throws {
        let server = ScriptedEWSServer(fallback: { _ in ScriptedResponse(status: 503, body: "") })
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: EWSError.self) {
            try await server.run { url in
                try await Self.sync(TestClient.make(url, sleeper: sleeper, retryPolicy: RetryPolicy(maxAttempts: 3)))
            }
        }
        #expect(error?.kind == .throttled)
        #expect(server.requests.count == 3)
        #expect(sleeper.recorded.count == 2)
        // Exponential, without a server hint: the second wait is longer than the first.
        #expect(sleeper.recorded[1] > sleeper.recorded[0])
    }

    @Test func createItemIsNeverRetriedAndItsFailureReachesTheCaller() async throws {
        let server = ScriptedEWSServer(responses: [
            ScriptedResponse(status: 503, headers: ["Retry-After": "1"], body: ""),
            .ok(ResponseEnvelope.success("CreateItem", messages: ["<m:Items><t:CalendarItem>\(ResponseEnvelope.itemID("X"))</t:CalendarItem></m:Items>"])),
        ])
        let sleeper = RecordingSleeper()
        let results = try await server.run { url in
            await TestClient.make(url, sleeper: sleeper).createItems(
                [.calendarItem(SampleItems.calendarItem())], in: .distinguished(.calendar), mailbox: Self.mailbox)
        }
        #expect(server.requests.count == 1)
        #expect(sleeper.recorded.isEmpty)
        guard case .failure(let error) = results.first else { Issue.record("expected a failure"); return }
        #expect(error.httpStatus == 503)
        #expect(error.operation == "CreateItem")
        #expect(error.backOff == .seconds(1))
    }

    @Test func createItemAfterA401IsSentAgainWithAFreshToken() async throws {
        let server = ScriptedEWSServer(responses: [
            ScriptedResponse(status: 401, body: ""),
            .ok(ResponseEnvelope.success("CreateItem", messages: ["<m:Items><t:Task>\(ResponseEnvelope.itemID("T", changeKey: "K"))</t:Task></m:Items>"])),
        ])
        let results = try await server.run { url in
            await TestClient.make(url).createItems([.task(SampleItems.task())], in: nil, mailbox: Self.mailbox)
        }
        #expect(server.requests.count == 2)
        #expect((try? results.first?.get()) == ItemID("T", changeKey: "K"))
    }

    @Test func a403IsForbiddenAndNotRetried() async throws {
        let server = ScriptedEWSServer(responses: [ScriptedResponse(status: 403, body: "Blocked by policy"), Self.syncOK()])
        let error = await #expect(throws: EWSError.self) {
            try await server.run { url in try await Self.sync(TestClient.make(url)) }
        }
        #expect(error?.kind == .forbidden)
        #expect(server.requests.count == 1)
    }

    /// Exchange Online refuses EWS to an application missing from EWSAllowedAppIDs with a bare 403.
    @Test func a403WithoutABodyIsTheEWSRetirementAndNotRetried() async throws {
        let server = ScriptedEWSServer(responses: [ScriptedResponse(status: 403, body: ""), Self.syncOK()])
        let error = await #expect(throws: EWSError.self) {
            try await server.run { url in try await Self.sync(TestClient.make(url)) }
        }
        #expect(error?.kind == .ewsRefusedToApplication)
        #expect(error?.remedy.contains("EWSAllowedAppIDs") == true)
        #expect(server.requests.count == 1)
    }

    @Test func impersonationFaultsAreTypedAndNotRetried() async throws {
        let fault = ResponseEnvelope.envelope(
            """
            <s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorInvalidExchangeImpersonationHeaderData</faultcode>\
            <faultstring xml:lang="en-US">ExchangeImpersonation SOAP header must be present for this type of OAuth token.</faultstring>\
            <detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorInvalidExchangeImpersonationHeaderData</e:ResponseCode>\
            <e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ExchangeImpersonation SOAP header must be present for this type of OAuth token.</e:Message></detail></s:Fault>
            """)
        let server = ScriptedEWSServer(responses: [ScriptedResponse(status: 500, body: fault)])
        let error = await #expect(throws: EWSError.self) {
            try await server.run { url in try await Self.sync(TestClient.make(url)) }
        }
        #expect(error?.kind == .fault)
        #expect(error?.code == .errorInvalidExchangeImpersonationHeaderData)
        #expect(error?.remedy.contains("impersonate") == true)
        #expect(server.requests.count == 1)
    }

    @Test func perItemErrorsDoNotHideTheOthersSuccess() async throws {
        let body = ResponseEnvelope.envelope(
            """
            <m:GetItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" \
            xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages>\
            <m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items>\
            <t:Contact>\(ResponseEnvelope.itemID("C1"))<t:GivenName>Élise</t:GivenName></t:Contact></m:Items></m:GetItemResponseMessage>\
            <m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>The specified object was not found in the store.</m:MessageText>\
            <m:ResponseCode>ErrorItemNotFound</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Items/></m:GetItemResponseMessage>\
            </m:ResponseMessages></m:GetItemResponse>
            """)
        let server = ScriptedEWSServer(responses: [.ok(body)])
        let results = try await server.run { url in
            await TestClient.make(url).getItems([ItemID("C1"), ItemID("gone")], shape: .modelled(.contact), mailbox: Self.mailbox)
        }
        #expect((try? results[0].get())?.contact?.givenName == "Élise")
        guard case .failure(let error) = results[1] else { Issue.record("expected a failure"); return }
        #expect(error.code == .errorItemNotFound)
        #expect(error.kind == .responseMessage)
        #expect(error.mailbox == Self.mailbox)
    }

    @Test func invalidSyncStateSurfacesAsATypedError() async throws {
        let server = ScriptedEWSServer(responses: [
            .ok(ResponseEnvelope.error("SyncFolderItems", code: "ErrorInvalidSyncStateData", text: "Synchronization state data is corrupt or otherwise invalid."))
        ])
        let error = await #expect(throws: EWSError.self) {
            try await server.run { url in try await Self.sync(TestClient.make(url)) }
        }
        #expect(error?.code == .errorInvalidSyncStateData)
        #expect(error?.isTransient == false)
    }

    @Test func aNonXMLBodyIsAClearError() async throws {
        let server = ScriptedEWSServer(responses: [ScriptedResponse(status: 200, body: "<html>proxy login</html")])
        let error = await #expect(throws: EWSError.self) {
            try await server.run { url in try await Self.sync(TestClient.make(url)) }
        }
        #expect(error?.kind == .malformedResponse)
    }

    @Test func anUnreachableServerIsATransportError() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let url = URL(string: "http://127.0.0.1:1/EWS/Exchange.asmx")!
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: EWSError.self) {
            try await Self.sync(TestClient.make(url, sleeper: sleeper, retryPolicy: RetryPolicy(maxAttempts: 2)))
        }
        #expect(error?.kind == .transport)
        #expect(error?.isTransient == true)
        #expect(sleeper.recorded.count == 1)
    }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test func serverRequestedWaitsAreNeverShortenedAndJitterIsBounded() {
        let policy = RetryPolicy()
        for random in [0.0, 0.3, 0.999] {
            let wait = policy.delay(afterAttempt: 1, serverRequested: .seconds(10), random: random)!
            #expect(wait >= .seconds(10) && wait <= .seconds(11))
        }
    }

    @Test func exponentialBackOffIsCappedAndStops() {
        let policy = RetryPolicy(maxAttempts: 30, baseDelay: .seconds(1), maxDelay: .seconds(30))
        #expect(policy.delay(afterAttempt: 25, serverRequested: nil, random: 0.999)! <= .seconds(30))
        #expect(policy.delay(afterAttempt: 1, serverRequested: nil, random: 0)! == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 30, serverRequested: nil, random: 0) == nil)
        #expect(RetryPolicy.none.delay(afterAttempt: 1, serverRequested: nil, random: 0) == nil)
    }
}

@Suite("Folder changes: SyncFolderItems then GetItem")
struct FolderChangesTests {
    @Test func changedItemsAreReadInFullAndAVanishedOneBecomesADelete() async throws {
        let sync = ResponseEnvelope.success(
            "SyncFolderItems",
            messages: [
                "<m:SyncState>S2</m:SyncState><m:IncludesLastItemInRange>false</m:IncludesLastItemInRange><m:Changes>"
                    + "<t:Create><t:CalendarItem>\(ResponseEnvelope.itemID("A", changeKey: "1"))</t:CalendarItem></t:Create>"
                    + "<t:Delete>\(ResponseEnvelope.itemID("B"))</t:Delete>"
                    + "<t:Update><t:CalendarItem>\(ResponseEnvelope.itemID("C", changeKey: "1"))</t:CalendarItem></t:Update>"
                    + "</m:Changes>"
            ])
        let get = ResponseEnvelope.envelope(
            """
            <m:GetItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" \
            xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages>\
            <m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items>\
            <t:CalendarItem>\(ResponseEnvelope.itemID("A", changeKey: "2"))<t:Subject>Full A</t:Subject></t:CalendarItem></m:Items></m:GetItemResponseMessage>\
            <m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>gone</m:MessageText>\
            <m:ResponseCode>ErrorItemNotFound</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:GetItemResponseMessage>\
            </m:ResponseMessages></m:GetItemResponse>
            """)
        let server = ScriptedEWSServer(responses: [.ok(sync), .ok(get)])
        let page = try await server.run { url in
            try await TestClient.make(url).folderChanges(
                in: .distinguished(.calendar), syncState: "S1", shape: .modelled(.calendarItem), mailbox: "alice@contoso.example")
        }
        #expect(server.requests.map(\.operation) == ["SyncFolderItems", "GetItem"])
        #expect(server.requests[0].bodyText.contains("<t:BaseShape>IdOnly</t:BaseShape>"))
        #expect(page.syncState == "S2")
        #expect(!page.includesLastItemInRange)
        #expect(page.changes.count == 3)
        #expect(page.changes[0] == .create(.calendarItem({
            var item = CalendarItem(properties: ItemProperties(id: ItemID("A", changeKey: "2"), subject: "Full A"))
            item.properties.categories = []
            return item
        }())))
        #expect(page.changes[1] == .delete(ItemID("B", changeKey: "CK1")))
        #expect(page.changes[2] == .delete(ItemID("C", changeKey: "1")))
    }
}
