import ExchangeSimulator
import Foundation
import StreamingXML
import Testing

@testable import ExchangeWebServices

/// Every request the client can send, captured on the wire and validated against the
/// official EWS schema.
@Suite("Requests validate against the EWS schema")
struct RequestSchemaTests {
    static let mailbox = "alice@contoso.example"

    /// Runs `calls` against a server that answers everything, and returns what it received.
    static func capture(
        batchSize: Int = 100, _ calls: @escaping @Sendable (ExchangeWebServicesClient) async throws -> Void
    ) async throws -> [RecordedRequest] {
        let server = ScriptedEWSServer(fallback: EchoingEWSResponder.respond)
        try await server.run { url in try await calls(TestClient.make(url, batchSize: batchSize)) }
        return server.requests
    }

    static func expectValid(_ requests: [RecordedRequest], sourceLocation: SourceLocation = #_sourceLocation) {
        for request in requests {
            let violations = EWSSchemaValidator.shared.violations(in: request.body)
            #expect(violations == [], "\(request.operation ?? "?"): \(violations)\n\(request.bodyText)", sourceLocation: sourceLocation)
        }
    }

    @Test func folderOperations() async throws {
        let requests = try await Self.capture { client in
            _ = try await client.getFolder(.distinguished(.calendar), mailbox: Self.mailbox)
            _ = try await client.getFolders(
                [.distinguished(.contacts, mailbox: "bob@contoso.example"), .id("F1", changeKey: "CK")], mailbox: Self.mailbox)
            _ = try await client.findFolders(in: .distinguished(.messageFolderRoot), mailbox: Self.mailbox)
            for kind in [FolderKind.calendar, .contacts, .tasks, .mail] {
                _ = try await client.createFolder(named: "Prextra & <Co>", kind: kind, in: .distinguished(.messageFolderRoot), mailbox: Self.mailbox)
            }
        }
        #expect(requests.map(\.operation) == ["GetFolder", "GetFolder", "FindFolder"] + Array(repeating: "CreateFolder", count: 4))
        Self.expectValid(requests)
    }

    @Test func syncFolderItemsFirstAndNextPages() async throws {
        let requests = try await Self.capture { client in
            let first = try await client.syncFolderItems(in: .distinguished(.calendar), syncState: nil, mailbox: Self.mailbox)
            #expect(first.syncState == "STATE-1")
            #expect(first.includesLastItemInRange)
            #expect(first.changes.count == 1)
            _ = try await client.syncFolderItems(
                in: .id("F1"), syncState: first.syncState, maxChanges: 10_000,
                shape: .modelled(.calendarItem, extendedProperties: [SampleItems.tag]), mailbox: Self.mailbox)
            for kind in [ItemShape.ItemKind.contact, .task, .message] {
                _ = try await client.syncFolderItems(
                    in: .distinguished(.contacts), syncState: "S", shape: .modelled(kind, extendedProperties: [SampleItems.tag, SampleItems.guidTag]),
                    mailbox: Self.mailbox)
            }
        }
        #expect(requests.count == 5)
        #expect(!requests[0].bodyText.contains("<m:SyncState>"))
        #expect(requests[1].bodyText.contains("<m:SyncState>STATE-1</m:SyncState>"))
        #expect(requests[1].bodyText.contains("<m:MaxChangesReturned>512</m:MaxChangesReturned>"))
        Self.expectValid(requests)
    }

    @Test func getItemInBatches() async throws {
        let ids = (1...5).map { ItemID("I\($0)", changeKey: "C\($0)") }
        let requests = try await Self.capture(batchSize: 2) { client in
            let results = await client.getItems(ids, shape: .modelled(.calendarItem, extendedProperties: [SampleItems.tag]), mailbox: Self.mailbox)
            #expect(results.count == 5)
            #expect(results.allSatisfy { (try? $0.get()) != nil })
        }
        #expect(requests.map(\.operation) == ["GetItem", "GetItem", "GetItem"])
        Self.expectValid(requests)
    }

    @Test func createItemOfEveryType() async throws {
        let calendarItems = SampleItems.everyRecurrence.map { Item.calendarItem(SampleItems.calendarItem(recurrence: $0)) }
            + [.calendarItem(SampleItems.allDay())]
        let others: [Item] = [.contact(SampleItems.contact()), .task(SampleItems.task())]
        let requests = try await Self.capture { client in
            let created = await client.createItems(calendarItems, in: .distinguished(.calendar), mailbox: Self.mailbox)
            #expect(created.count == calendarItems.count)
            #expect(created.allSatisfy { (try? $0.get())?.changeKey != nil })
            _ = await client.createItems(others, in: nil, sendMeetingInvitations: .sendToNone, mailbox: Self.mailbox)
            _ = await client.createItems([.message(SampleItems.message())], in: .distinguished(.inbox), mailbox: Self.mailbox)
        }
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.bodyText.contains(#"SendMeetingInvitations="SendToNone""#) })
        Self.expectValid(requests)
    }

    @Test func updateItemSetsChangedFieldsAndDeletesClearedOnes() async throws {
        let old = SampleItems.calendarItem()
        var new = old
        new.properties.subject = "Nouveau sujet"
        new.location = nil
        new.recurrence = SampleItems.everyRecurrence[3]
        new.startTimeZone = "Asia/Kolkata"
        new.properties.extendedProperties[1].values = ["4"]
        let calendarUpdate = try #require(ItemUpdate(itemID: ItemID("A1", changeKey: "K1"), from: .calendarItem(old), to: .calendarItem(new)))
        #expect(calendarUpdate.fields == [.subject, .extendedProperty(SampleItems.guidTag), .location, .recurrence, .startTimeZone])

        let oldContact = SampleItems.contact()
        var newContact = oldContact
        newContact.emailAddresses[.emailAddress2] = nil
        newContact.emailAddresses[.emailAddress1] = "new@acier.example"
        newContact.physicalAddresses[.business]?.city = "Montréal"
        newContact.physicalAddresses[.home] = nil
        newContact.phoneNumbers[.homePhone] = "+1 418 555 0142"
        newContact.notes = nil
        newContact.jobTitle = "Présidente"
        let contactUpdate = try #require(ItemUpdate(itemID: ItemID("C1", changeKey: "K2"), from: .contact(oldContact), to: .contact(newContact)))

        let oldTask = SampleItems.task()
        var newTask = oldTask
        newTask.status = .completed
        newTask.percentComplete = 100
        newTask.dueDate = nil
        newTask.properties.categories = []
        let taskUpdate = try #require(ItemUpdate(itemID: ItemID("T1", changeKey: "K3"), from: .task(oldTask), to: .task(newTask)))

        var newMessage = SampleItems.message()
        newMessage.isRead = false
        let messageUpdate = try #require(ItemUpdate(itemID: ItemID("M1"), from: .message(SampleItems.message()), to: .message(newMessage)))
        let unchanged = ItemUpdate(itemID: ItemID("U1", changeKey: "K9"), item: .task(oldTask), fields: [])

        let requests = try await Self.capture { client in
            let results = await client.updateItems(
                [calendarUpdate, unchanged, contactUpdate, taskUpdate], conflictResolution: .autoResolve,
                sendMeetingInvitationsOrCancellations: .sendToNone, mailbox: Self.mailbox)
            #expect(results.count == 4)
            #expect((try? results[1].get()) == ItemID("U1", changeKey: "K9"))
            #expect((try? results[0].get())?.changeKey == "CK-1")
            _ = await client.updateItems([messageUpdate], conflictResolution: .neverOverwrite, mailbox: Self.mailbox)
        }
        #expect(requests.count == 2)
        let body = requests[0].bodyText
        #expect(body.contains(#"ConflictResolution="AutoResolve""#))
        #expect(body.contains(#"SendMeetingInvitationsOrCancellations="SendToNone""#))
        #expect(body.contains(#"<t:ItemId Id="A1" ChangeKey="K1"/>"#))
        #expect(!body.contains(#"Id="U1""#))
        #expect(body.contains(#"<t:DeleteItemField><t:FieldURI FieldURI="calendar:Location"/></t:DeleteItemField>"#))
        #expect(body.contains(#"<t:SetItemField><t:FieldURI FieldURI="calendar:StartTimeZone"/><t:CalendarItem><t:StartTimeZone Id="India Standard Time"/></t:CalendarItem></t:SetItemField>"#))
        #expect(body.contains(#"<t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress2"/></t:DeleteItemField>"#))
        #expect(body.contains(#"<t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Business"/><t:Contact><t:PhysicalAddresses><t:Entry Key="Business"><t:City>Montréal</t:City></t:Entry></t:PhysicalAddresses></t:Contact>"#))
        #expect(body.contains(#"<t:DeleteItemField><t:FieldURI FieldURI="item:Body"/></t:DeleteItemField>"#))
        #expect(body.contains(#"<t:DeleteItemField><t:FieldURI FieldURI="task:DueDate"/></t:DeleteItemField>"#))
        #expect(body.contains(#"<t:DeleteItemField><t:FieldURI FieldURI="item:Categories"/></t:DeleteItemField>"#))
        // Unchanged fields are not sent.
        #expect(!body.contains(#"FieldURI="calendar:Start""#))
        #expect(!body.contains(#"FieldURI="contacts:GivenName""#))
        #expect(requests[1].bodyText.contains(#"MessageDisposition="SaveOnly""#))
        Self.expectValid(requests)
    }

    @Test func deleteItemAlwaysStatesCancellationsAndTaskOccurrences() async throws {
        let requests = try await Self.capture { client in
            let results = await client.deleteItems([ItemID("D1", changeKey: "K"), ItemID("D2")], mailbox: Self.mailbox)
            #expect(results.count == 2)
            _ = await client.deleteItems([ItemID("D3")], deleteType: .hardDelete, sendMeetingCancellations: .sendToAllAndSaveCopy, mailbox: Self.mailbox)
        }
        #expect(requests[0].bodyText.contains(#"DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToNone" AffectedTaskOccurrences="AllOccurrences""#))
        Self.expectValid(requests)
    }

    @Test func findItemByTagAndCalendarView() async throws {
        let requests = try await Self.capture { client in
            let tagged = try await client.findItems(
                where: SampleItems.tag, equals: "appointment-42 & \"quoted\"", in: .distinguished(.calendar), mailbox: Self.mailbox)
            #expect(tagged.count == 1)
            _ = try await client.findItems(
                where: SampleItems.guidTag, equals: "3", in: .id("F1"), shape: .modelled(.task), mailbox: Self.mailbox)
            let view = try await client.calendarView(
                from: SampleItems.date("2026-03-01T00:00:00Z"), to: SampleItems.date("2026-04-01T00:00:00Z"), mailbox: Self.mailbox)
            #expect(view.count == 1)
        }
        #expect(requests.count == 3)
        #expect(requests[0].bodyText.contains(#"<t:Constant Value="appointment-42 &amp; &quot;quoted&quot;"/>"#))
        Self.expectValid(requests)
    }

    @Test func findItemsBySeveralTagsIsOneRequestWithAnOr() async throws {
        let requests = try await Self.capture { client in
            _ = try await client.findItems(
                where: SampleItems.tag, equalsAny: ["task-1", "task-2", "task-3"], in: .distinguished(.tasks), mailbox: Self.mailbox)
            #expect(try await client.findItems(where: SampleItems.tag, equalsAny: [], in: .distinguished(.tasks), mailbox: Self.mailbox).isEmpty)
        }
        #expect(requests.count == 1)
        let body = requests[0].bodyText
        #expect(body.contains("<t:Or><t:IsEqualTo>"))
        #expect(["task-1", "task-2", "task-3"].allSatisfy { body.contains(#"<t:Constant Value="\#($0)"/>"#) })
        Self.expectValid(requests)
    }

    @Test func handwrittenResponseFixtureIsSchemaValid() throws {
        #expect(EWSSchemaValidator.shared.violations(in: try Fixture.data("handwritten/GetItem-RecurringMaster-Occurrences-response.xml")) == [])
        #expect(EWSSchemaValidator.shared.violations(in: try Fixture.data("handwritten/GetItem-Message-Attachments-response.xml")) == [])
    }

    @Test func everyHeaderIsSentAndTheTokenOnlyInAuthorization() async throws {
        let requests = try await Self.capture { client in
            _ = try await client.syncFolderItems(in: .distinguished(.calendar), syncState: nil, mailbox: Self.mailbox)
            _ = try await client.getFolder(.distinguished(.calendar), mailbox: "bob@contoso.example")
        }
        let first = try #require(requests.first)
        #expect(first.headers["content-type"] == "text/xml; charset=utf-8")
        #expect(first.headers["authorization"]?.hasPrefix("Bearer token-1-") == true)
        #expect(first.headers["x-anchormailbox"] == Self.mailbox)
        #expect(first.headers["return-client-request-id"] == "true")
        #expect(UUID(uuidString: first.headers["client-request-id"] ?? "") != nil)
        #expect(requests[1].headers["x-anchormailbox"] == "bob@contoso.example")
        #expect(requests[0].headers["client-request-id"] != requests[1].headers["client-request-id"])
        let body = first.bodyText
        #expect(body.contains(#"<t:RequestServerVersion Version="Exchange2013_SP1"/>"#))
        #expect(body.contains("<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>alice@contoso.example</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>"))
        #expect(body.contains(#"<t:TimeZoneDefinition Id="Romance Standard Time"/>"#))
        #expect(body.contains("<t:DateTimePrecision>Seconds</t:DateTimePrecision>"))
        #expect(!body.contains(CountingTokenProvider.canary))
    }
}
