import ExchangeSimulator
import Foundation
import Testing

/// Contacts, tasks, messages, all-day events, time zones, occurrences in full shape.
@Suite("EWS item types and time zones")
struct ItemTypesTests {
    static func update(_ id: String, _ key: String, _ updates: String) -> String {
        """
        <m:UpdateItem ConflictResolution="AutoResolve" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>\
        <t:ItemId Id="\(id)" ChangeKey="\(key)"/><t:Updates>\(updates)</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
        """
    }

    @Test func contactIndexedFieldsAreSetAndDeletedByKey() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.ews("""
                <m:CreateItem><m:Items><t:Contact><t:GivenName>Ada</t:GivenName>\
                <t:EmailAddresses><t:Entry Key="EmailAddress1">ada@old.example</t:Entry></t:EmailAddresses>\
                <t:PhysicalAddresses><t:Entry Key="Business"><t:Street>1 Main St</t:Street><t:City>Paris</t:City></t:Entry></t:PhysicalAddresses>\
                </t:Contact></m:Items></m:CreateItem>
                """)
            let (id, key) = try ItemOperationTests.createdId(created)
            let updates = """
                <t:SetItemField><t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress2"/><t:Contact>\
                <t:EmailAddresses><t:Entry Key="EmailAddress2">ada@new.example</t:Entry></t:EmailAddresses></t:Contact></t:SetItemField>\
                <t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress1"/></t:DeleteItemField>\
                <t:SetItemField><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Business"/><t:Contact>\
                <t:PhysicalAddresses><t:Entry Key="Business"><t:City>Lyon</t:City></t:Entry></t:PhysicalAddresses></t:Contact></t:SetItemField>
                """
            #expect(try await harness.ews(Self.update(id, key, updates)).messages.first?[attribute: "ResponseClass"] == "Success")
            let contact = try #require(
                try await harness.ews(ItemOperationTests.getItem(id)).messages.first?.descendant("Items", "Contact"))
            #expect(contact.child("EmailAddresses")?.children.map { $0[attribute: "Key"] ?? "" } == ["EmailAddress2"])
            let business = contact.child("PhysicalAddresses")?.children.first
            #expect(business?.child("Street")?.text == "1 Main St")
            #expect(business?.child("City")?.text == "Lyon")
            // Only the requested index comes back with IndexedFieldURI.
            let only = try await harness.ews(ItemOperationTests.getItem(
                id, shape: "IdOnly", additional: #"<t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress2"/>"#))
            #expect(only.messages.first?.all("Entry").map(\.text) == ["ada@new.example"])
        }
    }

    @Test func attendeesCanBeAppendedAndTheUpdateIsMailedWhenAsked() async throws {
        try await SimulatorHarness.with { harness in
            let (id, key) = try ItemOperationTests.createdId(try await harness.ews(ItemOperationTests.createAppointment(subject: "Meeting")))
            let append = """
                <m:UpdateItem ConflictResolution="AutoResolve" SendMeetingInvitationsOrCancellations="SendOnlyToChanged"><m:ItemChanges><t:ItemChange>\
                <t:ItemId Id="\(id)" ChangeKey="\(key)"/><t:Updates><t:AppendToItemField><t:FieldURI FieldURI="calendar:RequiredAttendees"/>\
                <t:CalendarItem><t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>bob@contoso.example</t:EmailAddress></t:Mailbox></t:Attendee>\
                </t:RequiredAttendees></t:CalendarItem></t:AppendToItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
                """
            #expect(try await harness.ews(append).messages.first?[attribute: "ResponseClass"] == "Success")
            #expect(harness.exchange.sentInvitations.map(\.kind) == [.update])
            #expect(harness.exchange.sentInvitations.first?.recipients == ["bob@contoso.example"])
            let appendSubject = """
                <t:AppendToItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem></t:AppendToItemField>
                """
            let current = try #require(harness.exchange.items(in: SimulatorHarness.alice, folder: "calendar").first { $0.id == id })
            #expect(try await harness.ews(Self.update(id, current.changeKey, appendSubject)).messages.first?.child("ResponseCode")?.text
                == "ErrorInvalidPropertyAppend")
        }
    }

    @Test func messagesNeedAMessageDisposition() async throws {
        try await SimulatorHarness.with { harness in
            let message = "<t:Message><t:Subject>Hello</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>x@example.org</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message>"
            let missing = try await harness.ews("<m:CreateItem><m:Items>\(message)</m:Items></m:CreateItem>")
            #expect(missing.messages.first?.child("ResponseCode")?.text == "ErrorMessageDispositionRequired")
            let saved = try await harness.ews("<m:CreateItem MessageDisposition=\"SaveOnly\"><m:Items>\(message)</m:Items></m:CreateItem>")
            #expect(saved.messages.first?[attribute: "ResponseClass"] == "Success")
            #expect(try harness.exchange.items(in: SimulatorHarness.alice, folder: "drafts").map(\.subject) == ["Hello"])
        }
    }

    @Test func timeZoneContextAndAllDayEvents() async throws {
        try await SimulatorHarness.with { harness in
            let header = #"<t:TimeZoneContext><t:TimeZoneDefinition Id="Eastern Standard Time"/></t:TimeZoneContext>"#
            let body = """
                <m:CreateItem SendMeetingInvitations="SendToNone"><m:Items>\
                <t:CalendarItem><t:Subject>Floating</t:Subject><t:Start>2026-07-01T09:00:00</t:Start><t:End>2026-07-01T10:00:00</t:End></t:CalendarItem>\
                <t:CalendarItem><t:Subject>Holiday</t:Subject><t:Start>2026-07-14T00:00:00</t:Start><t:End>2026-07-15T00:00:00</t:End>\
                <t:IsAllDayEvent>true</t:IsAllDayEvent><t:StartTimeZone Id="Romance Standard Time"/><t:EndTimeZone Id="Romance Standard Time"/></t:CalendarItem>\
                <t:CalendarItem><t:Subject>Nowhere</t:Subject><t:Start>2026-07-01T09:00:00</t:Start><t:End>2026-07-01T10:00:00</t:End>\
                <t:StartTimeZone Id="Atlantis Standard Time"/></t:CalendarItem>\
                <t:CalendarItem><t:Subject>Kathmandu</t:Subject><t:Start>2026-07-01T09:00:00</t:Start><t:End>2026-07-01T10:00:00</t:End>\
                <t:StartTimeZone Id="Nepal Standard Time"/><t:EndTimeZone Id="Nepal Standard Time"/></t:CalendarItem></m:Items></m:CreateItem>
                """
            let response = try await harness.post(SimulatorHarness.envelope(body, extraHeader: header))
            // Every Windows zone of the CLDR table is known (Nepal's +05:45 included); an invented one is not.
            #expect(response.messages.map { $0.child("ResponseCode")?.text } == ["NoError", "NoError", "ErrorTimeZone", "NoError"])
            let items = try harness.exchange.items(in: SimulatorHarness.alice, folder: "calendar")
            let floating = try #require(items.first { $0.subject == "Floating" })
            #expect(floating.xml.contains("<t:Start>2026-07-01T13:00:00Z</t:Start>"), "09:00 New York in July is 13:00Z")
            let holiday = try #require(items.first { $0.subject == "Holiday" })
            #expect(holiday.xml.contains("<t:Start>2026-07-13T22:00:00Z</t:Start>"))
            #expect(holiday.xml.contains("<t:IsAllDayEvent>true</t:IsAllDayEvent>"))
            let kathmandu = try #require(items.first { $0.subject == "Kathmandu" })
            #expect(kathmandu.xml.contains("<t:Start>2026-07-01T03:15:00Z</t:Start>"), "09:00 in Kathmandu (+05:45) is 03:15Z")
        }
    }

    @Test func anOccurrenceInFullShapeIsSchemaValid() async throws {
        try await SimulatorHarness.with { harness in
            let view = try await harness.ews(CalendarAndFindItemTests.calendarView("2026-01-01T00:00:00Z", "2026-01-10T00:00:00Z", shape: "AllProperties"))
            let occurrence = try #require(CalendarAndFindItemTests.items(view).first)
            #expect(occurrence.child("Recurrence") == nil)
            #expect(occurrence.child("OriginalStart")?.text == "2026-01-05T08:00:00Z")
            let id = try #require(occurrence.child("ItemId")?[attribute: "Id"])
            let fetched = try await harness.ews(ItemOperationTests.getItem(id))
            #expect(fetched.messages.first?.descendant("Items", "CalendarItem", "CalendarItemType")?.text == "Occurrence")
            let master = try await harness.ews(
                "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:RecurringMasterItemId OccurrenceId=\"\(id)\"/></m:ItemIds></m:GetItem>")
            #expect(master.messages.first?[attribute: "ResponseClass"] == "Success")
            let outOfRange = try await harness.ews("""
                <m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>\
                <t:OccurrenceItemId RecurringMasterId="\(try #require(master.messages.first?.all("ItemId").first?[attribute: "Id"]))" InstanceIndex="11"/></m:ItemIds></m:GetItem>
                """)
            #expect(outOfRange.messages.first?.child("ResponseCode")?.text == "ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange")
        }
    }

    @Test func anOperationTheSimulatorDoesNotImplementIsAFaultNamingIt() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.ews(
                #"<m:EmptyFolder DeleteType="HardDelete" DeleteSubFolders="false"><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:EmptyFolder>"#)
            #expect(response.status == 500)
            #expect(response.body.contains("EmptyFolder"))
        }
    }
}
