import ExchangeSimulator
import Foundation
import Testing

/// CreateItem, GetItem, UpdateItem, DeleteItem and MoveItem over HTTP.
@Suite("EWS item operations")
struct ItemOperationTests {
    static let tagURI = #"<t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="PrextraRecordId" PropertyType="String"/>"#
    static let tagURIByGUID = #"<t:ExtendedFieldURI PropertySetId="00020329-0000-0000-C000-000000000046" PropertyName="PrextraRecordId" PropertyType="String"/>"#

    static func createAppointment(subject: String, extra: String = "", attendees: String = "", send: String = "SendToNone") -> String {
        """
        <m:CreateItem SendMeetingInvitations="\(send)"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId>\
        <m:Items><t:CalendarItem><t:Subject>\(subject)</t:Subject><t:Body BodyType="Text">Agenda</t:Body>\
        <t:ExtendedProperty>\(tagURI)<t:Value>crm-42</t:Value></t:ExtendedProperty>\
        <t:Start>2026-03-02T09:00:00</t:Start><t:End>2026-03-02T10:00:00</t:End><t:Location>Room 1</t:Location>\(attendees)\(extra)\
        <t:StartTimeZone Id="Romance Standard Time"/></t:CalendarItem></m:Items></m:CreateItem>
        """
    }

    static func getItem(_ id: String, shape: String = "AllProperties", additional: String = "") -> String {
        """
        <m:GetItem><m:ItemShape><t:BaseShape>\(shape)</t:BaseShape>\
        \(additional.isEmpty ? "" : "<t:AdditionalProperties>\(additional)</t:AdditionalProperties>")</m:ItemShape>\
        <m:ItemIds><t:ItemId Id="\(id)"/></m:ItemIds></m:GetItem>
        """
    }

    static func createdId(_ response: SimulatorHarness.EWSResponse) throws -> (id: String, changeKey: String) {
        let itemId = try #require(response.messages.first?.all("ItemId").first)
        return (try #require(itemId[attribute: "Id"]), try #require(itemId[attribute: "ChangeKey"]))
    }

    @Test func createThenGetReturnsTheItemInEachShape() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.ews(Self.createAppointment(subject: "Kick-off"))
            #expect(created.messages.first?[attribute: "ResponseClass"] == "Success")
            let (id, changeKey) = try Self.createdId(created)

            let idOnly = try await harness.ews(Self.getItem(id, shape: "IdOnly"))
            let idOnlyItem = try #require(idOnly.messages.first?.descendant("Items", "CalendarItem"))
            #expect(idOnlyItem.children.map(\.name) == ["ItemId"])
            #expect(idOnlyItem.child("ItemId")?[attribute: "ChangeKey"] == changeKey)

            let all = try await harness.ews(Self.getItem(id))
            let item = try #require(all.messages.first?.descendant("Items", "CalendarItem"))
            #expect(item.child("Subject")?.text == "Kick-off")
            // 09:00 Paris in March (UTC+1) is 08:00Z.
            #expect(item.child("Start")?.text == "2026-03-02T08:00:00Z")
            #expect(item.child("CalendarItemType")?.text == "Single")
            #expect(item.child("ExtendedProperty") == nil, "extended properties only when asked for")

            let tagged = try await harness.ews(Self.getItem(id, shape: "IdOnly", additional: Self.tagURIByGUID + "<t:FieldURI FieldURI=\"item:Subject\"/>"))
            let taggedItem = try #require(tagged.messages.first?.descendant("Items", "CalendarItem"))
            #expect(taggedItem.child("Subject")?.text == "Kick-off")
            #expect(taggedItem.descendant("ExtendedProperty", "Value")?.text == "crm-42", "PublicStrings by name and by GUID are the same property")
        }
    }

    @Test func aBatchReportsEachItemOnItsOwn() async throws {
        try await SimulatorHarness.with { harness in
            let body = """
                <m:CreateItem SendMeetingInvitations="SendToNone"><m:Items>\
                <t:Contact><t:GivenName>Ada</t:GivenName><t:Surname>Lovelace</t:Surname></t:Contact>\
                <t:CalendarItem><t:Subject>Backwards</t:Subject><t:Start>2026-03-02T10:00:00Z</t:Start><t:End>2026-03-02T09:00:00Z</t:End></t:CalendarItem>\
                <t:Task><t:Subject>Follow up</t:Subject></t:Task></m:Items></m:CreateItem>
                """
            let response = try await harness.ews(body)
            #expect(response.status == 200)
            #expect(response.messages.map { $0[attribute: "ResponseClass"] } == ["Success", "Error", "Success"])
            #expect(response.messages[1].child("ResponseCode")?.text == "ErrorCalendarEndDateIsEarlierThanStartDate")
            let contacts = try harness.exchange.items(in: SimulatorHarness.alice, folder: "contacts")
            #expect(contacts.contains { $0.xml.contains("<t:DisplayName>Ada Lovelace</t:DisplayName>") })
        }
    }

    @Test func aMailboxOverItsQuotaRefusesCreatesAndUpdatesItemByItem() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.ews(Self.createAppointment(subject: "Before"))
            let (id, changeKey) = try Self.createdId(created)
            try harness.exchange.setOverQuota(SimulatorHarness.alice, true)
            let refused = try await harness.ews(Self.createAppointment(subject: "Over"))
            #expect(refused.status == 200)
            #expect(refused.messages.first?.child("ResponseCode")?.text == "ErrorQuotaExceeded")
            let update = """
                <m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges>\
                <t:ItemChange><t:ItemId Id="\(id)" ChangeKey="\(changeKey)"/><t:Updates><t:SetItemField>\
                <t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>Edited</t:Subject></t:CalendarItem>\
                </t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
                """
            #expect(try await harness.ews(update).messages.first?.child("ResponseCode")?.text == "ErrorQuotaExceeded")
            // Reading and deleting still work; under the quota again, writes do too.
            #expect(try await harness.ews(Self.getItem(id)).messages.first?[attribute: "ResponseClass"] == "Success")
            try harness.exchange.setOverQuota(SimulatorHarness.alice, false)
            #expect(try await harness.ews(update).messages.first?[attribute: "ResponseClass"] == "Success")
        }
    }

    @Test func calendarItemsNeedSendMeetingInvitations() async throws {
        try await SimulatorHarness.with { harness in
            let body = Self.createAppointment(subject: "x").replacingOccurrences(of: #" SendMeetingInvitations="SendToNone""#, with: "")
            let response = try await harness.ews(body)
            #expect(response.messages.first?.child("ResponseCode")?.text == "ErrorSendMeetingInvitationsRequired")
        }
    }

    @Test func getItemOfUnknownAndMalformedIds() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.ews(Self.createAppointment(subject: "x"))
            let (id, _) = try Self.createdId(created)
            _ = try await harness.ews("<m:DeleteItem DeleteType=\"HardDelete\" SendMeetingCancellations=\"SendToNone\"><m:ItemIds><t:ItemId Id=\"\(id)\"/></m:ItemIds></m:DeleteItem>")
            let response = try await harness.ews(
                "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id=\"\(id)\"/><t:ItemId Id=\"bm90LWFuLWlk\"/></m:ItemIds></m:GetItem>")
            #expect(response.messages.compactMap { $0.child("ResponseCode")?.text } == ["ErrorItemNotFound", "ErrorInvalidIdMalformed"])
        }
    }

    @Test func updateItemChangesTheChangeKeyAndEnforcesIt() async throws {
        try await SimulatorHarness.with { harness in
            let (id, firstKey) = try Self.createdId(try await harness.ews(Self.createAppointment(subject: "Draft")))
            func update(_ key: String?, _ updates: String, _ resolution: String = "AutoResolve") -> String {
                let keyAttribute = key.map { " ChangeKey=\"\($0)\"" } ?? ""
                return """
                    <m:UpdateItem ConflictResolution="\(resolution)" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>\
                    <t:ItemId Id="\(id)"\(keyAttribute)/><t:Updates>\(updates)</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
                    """
            }
            let setSubject = #"<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>Final</t:Subject></t:CalendarItem></t:SetItemField>"#
            let first = try await harness.ews(update(firstKey, setSubject))
            #expect(first.messages.first?[attribute: "ResponseClass"] == "Success")
            let secondKey = try #require(first.messages.first?.all("ItemId").first?[attribute: "ChangeKey"])
            #expect(secondKey != firstKey)

            let stale = try await harness.ews(update(firstKey, setSubject))
            #expect(stale.messages.first?.child("ResponseCode")?.text == "ErrorIrresolvableConflict")
            let staleNever = try await harness.ews(update(firstKey, setSubject, "NeverOverwrite"))
            #expect(staleNever.messages.first?.child("ResponseCode")?.text == "ErrorIrresolvableConflict")
            let missing = try await harness.ews(update(nil, setSubject))
            #expect(missing.messages.first?.child("ResponseCode")?.text == "ErrorChangeKeyRequired")
            let overwrite = try await harness.ews(update(nil, setSubject, "AlwaysOverwrite"))
            #expect(overwrite.messages.first?[attribute: "ResponseClass"] == "Success")
            let currentKey = try #require(overwrite.messages.first?.all("ItemId").first?[attribute: "ChangeKey"])

            let several = """
                <t:AppendToItemField><t:FieldURI FieldURI="item:Body"/><t:CalendarItem><t:Body BodyType="Text"> and minutes</t:Body></t:CalendarItem></t:AppendToItemField>\
                <t:DeleteItemField><t:FieldURI FieldURI="calendar:Location"/></t:DeleteItemField>\
                <t:SetItemField>\(Self.tagURI)<t:CalendarItem><t:ExtendedProperty>\(Self.tagURI)<t:Value>crm-43</t:Value></t:ExtendedProperty></t:CalendarItem></t:SetItemField>
                """
            let applied = try await harness.ews(update(currentKey, several))
            #expect(applied.messages.first?[attribute: "ResponseClass"] == "Success")
            let item = try #require(try await harness.ews(Self.getItem(id, additional: Self.tagURI)).messages.first?.descendant("Items", "CalendarItem"))
            #expect(item.child("Subject")?.text == "Final")
            #expect(item.child("Body")?.text == "Agenda and minutes")
            #expect(item.child("Location") == nil)
            #expect(item.descendant("ExtendedProperty", "Value")?.text == "crm-43")
        }
    }

    @Test func updateItemRejectsReadOnlyAndMismatchedProperties() async throws {
        try await SimulatorHarness.with { harness in
            let (id, key) = try Self.createdId(try await harness.ews(Self.createAppointment(subject: "x")))
            func update(_ updates: String) -> String {
                """
                <m:UpdateItem ConflictResolution="AutoResolve" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>\
                <t:ItemId Id="\(id)" ChangeKey="\(key)"/><t:Updates>\(updates)</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
                """
            }
            let readOnly = try await harness.ews(update(
                #"<t:SetItemField><t:FieldURI FieldURI="item:DateTimeCreated"/><t:CalendarItem><t:DateTimeCreated>2020-01-01T00:00:00Z</t:DateTimeCreated></t:CalendarItem></t:SetItemField>"#))
            #expect(readOnly.messages.first?.child("ResponseCode")?.text == "ErrorInvalidPropertySet")
            let mismatch = try await harness.ews(update(
                #"<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Location>y</t:Location></t:CalendarItem></t:SetItemField>"#))
            #expect(mismatch.messages.first?.child("ResponseCode")?.text == "ErrorUpdatePropertyMismatch")
            let two = try await harness.ews(update(
                #"<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>a</t:Subject><t:Location>y</t:Location></t:CalendarItem></t:SetItemField>"#))
            #expect(two.messages.first?.child("ResponseCode")?.text == "ErrorIncorrectUpdatePropertyCount")
            // Nothing of the failed changes was applied.
            let item = try #require(try await harness.ews(Self.getItem(id)).messages.first?.descendant("Items", "CalendarItem"))
            #expect(item.child("Subject")?.text == "x")
            #expect(item.child("ItemId")?[attribute: "ChangeKey"] == key)
        }
    }

    @Test func meetingInvitationsAreRecordedOnlyWhenAskedFor() async throws {
        try await SimulatorHarness.with { harness in
            let attendees = "<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>bob@contoso.example</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees>"
            _ = try await harness.ews(Self.createAppointment(subject: "Quiet", attendees: attendees))
            #expect(harness.exchange.sentInvitations.isEmpty)
            _ = try await harness.ews(Self.createAppointment(subject: "Loud", attendees: attendees, send: "SendToAllAndSaveCopy"))
            #expect(harness.exchange.sentInvitations.map(\.recipients) == [["bob@contoso.example"]])
            #expect(harness.exchange.sentInvitations.first?.subject == "Loud")
        }
    }

    @Test func deleteAndMoveItems() async throws {
        try await SimulatorHarness.with { harness in
            let (first, _) = try Self.createdId(try await harness.ews(Self.createAppointment(subject: "one")))
            let (second, _) = try Self.createdId(try await harness.ews(Self.createAppointment(subject: "two")))
            let withoutCancellations = try await harness.ews(
                "<m:DeleteItem DeleteType=\"HardDelete\"><m:ItemIds><t:ItemId Id=\"\(first)\"/></m:ItemIds></m:DeleteItem>")
            #expect(withoutCancellations.messages.first?.child("ResponseCode")?.text == "ErrorSendMeetingCancellationsRequired")
            let deleted = try await harness.ews(
                "<m:DeleteItem DeleteType=\"MoveToDeletedItems\" SendMeetingCancellations=\"SendToNone\"><m:ItemIds><t:ItemId Id=\"\(first)\"/></m:ItemIds></m:DeleteItem>")
            #expect(deleted.messages.first?[attribute: "ResponseClass"] == "Success")
            #expect(try harness.exchange.items(in: SimulatorHarness.alice, folder: "deleteditems").map(\.subject) == ["one"])

            let created = try await harness.ews(
                #"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderId><m:Folders><t:CalendarFolder><t:DisplayName>Archive</t:DisplayName></t:CalendarFolder></m:Folders></m:CreateFolder>"#)
            let folderId = try #require(created.messages.first?.all("FolderId").first?[attribute: "Id"])
            let moved = try await harness.ews(
                "<m:MoveItem><m:ToFolderId><t:FolderId Id=\"\(folderId)\"/></m:ToFolderId><m:ItemIds><t:ItemId Id=\"\(second)\"/></m:ItemIds></m:MoveItem>")
            let newId = try #require(moved.messages.first?.all("ItemId").first?[attribute: "Id"])
            #expect(newId != second, "a moved item gets a new ItemId")
            #expect(try harness.exchange.items(in: SimulatorHarness.alice, folder: "Archive").map(\.id) == [newId])
        }
    }
}
