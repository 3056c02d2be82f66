import ExchangeSimulator
import Foundation
import Testing

/// FindItem (paging, restrictions, CalendarView) and recurring series.
@Suite("EWS FindItem and recurring series")
struct CalendarAndFindItemTests {
    static func calendarView(_ from: String, _ to: String, shape: String = "Default") -> String {
        """
        <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>\(shape)</t:BaseShape></m:ItemShape>\
        <m:CalendarView StartDate="\(from)" EndDate="\(to)"/>\
        <m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>
        """
    }

    static func items(_ response: SimulatorHarness.EWSResponse) -> [XMLElementNode] {
        response.messages.first?.descendant("RootFolder", "Items")?.children ?? []
    }

    @Test func calendarViewExpandsTheSeriesInItsTimeZone() async throws {
        try await SimulatorHarness.with { harness in
            // The seeded series: Mondays 09:00 Paris, ten times from 2026-01-05 (all in winter time).
            let response = try await harness.ews(Self.calendarView("2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z"))
            let occurrences = Self.items(response)
            #expect(occurrences.count == 10)
            #expect(occurrences.first?.child("Start")?.text == "2026-01-05T08:00:00Z")
            #expect(occurrences.last?.child("Start")?.text == "2026-03-09T08:00:00Z")
            #expect(occurrences.allSatisfy { $0.child("CalendarItemType")?.text == "Occurrence" })
        }
    }

    @Test func wallClockTimeIsKeptAcrossDaylightSavingTime() async throws {
        try await SimulatorHarness.with { harness in
            let body = """
                <m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>Daily</t:Subject>\
                <t:Start>2026-03-27T09:00:00</t:Start><t:End>2026-03-27T09:30:00</t:End>\
                <t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence>\
                <t:NumberedRecurrence><t:StartDate>2026-03-27</t:StartDate><t:NumberOfOccurrences>4</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>\
                <t:StartTimeZone Id="Romance Standard Time"/></t:CalendarItem></m:Items></m:CreateItem>
                """
            _ = try await harness.ews(body)
            let starts = Self.items(try await harness.ews(Self.calendarView("2026-03-26T00:00:00Z", "2026-04-01T00:00:00Z")))
                .filter { $0.child("Subject")?.text == "Daily" }.compactMap { $0.child("Start")?.text }
            // Paris moves to summer time on 2026-03-29: 09:00 local is 08:00Z before, 07:00Z after.
            #expect(starts == ["2026-03-27T08:00:00Z", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"])
        }
    }

    @Test func anOccurrenceEndingBeforeItStartsIsRefusedLikeAnyCalendarItem() async throws {
        try await SimulatorHarness.with { harness in
            let view = Self.items(try await harness.ews(Self.calendarView("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", shape: "IdOnly")))
            let second = try #require(view[1].child("ItemId"))
            let update = """
                <m:UpdateItem ConflictResolution="AutoResolve" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>\
                <t:ItemId Id="\(second[attribute: "Id"]!)" ChangeKey="\(second[attribute: "ChangeKey"]!)"/><t:Updates>\
                <t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2026-01-13T15:00:00Z</t:Start></t:CalendarItem></t:SetItemField>\
                <t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2026-01-13T14:00:00Z</t:End></t:CalendarItem></t:SetItemField>\
                </t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
                """
            let message = try #require(try await harness.ews(update).messages.first)
            #expect(message[attribute: "ResponseClass"] == "Error")
            #expect(message.child("ResponseCode")?.text == "ErrorCalendarEndDateIsEarlierThanStartDate")
            // Nothing changed: the series has no exception.
            let after = Self.items(try await harness.ews(Self.calendarView("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")))
            #expect(!after.contains { $0.child("CalendarItemType")?.text == "Exception" })
        }
    }

    @Test func modifyingAndDeletingOccurrencesUpdatesTheMaster() async throws {
        try await SimulatorHarness.with { harness in
            let view = Self.items(try await harness.ews(Self.calendarView("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", shape: "IdOnly")))
            #expect(view.count == 4)
            let second = try #require(view[1].child("ItemId"))
            let third = try #require(view[2].child("ItemId"))
            let update = """
                <m:UpdateItem ConflictResolution="AutoResolve" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>\
                <t:ItemId Id="\(second[attribute: "Id"]!)" ChangeKey="\(second[attribute: "ChangeKey"]!)"/><t:Updates>\
                <t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>Moved review</t:Subject></t:CalendarItem></t:SetItemField>\
                <t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2026-01-13T14:00:00Z</t:Start></t:CalendarItem></t:SetItemField>\
                <t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2026-01-13T15:00:00Z</t:End></t:CalendarItem></t:SetItemField>\
                </t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
                """
            #expect(try await harness.ews(update).messages.first?[attribute: "ResponseClass"] == "Success")
            let delete = """
                <m:DeleteItem DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToNone"><m:ItemIds>\
                <t:OccurrenceItemId RecurringMasterId="\(try masterId(harness))" InstanceIndex="3"/></m:ItemIds></m:DeleteItem>
                """
            #expect(try await harness.ews(delete).messages.first?[attribute: "ResponseClass"] == "Success")
            _ = third

            let after = Self.items(try await harness.ews(Self.calendarView("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")))
            #expect(after.count == 3)
            let exception = try #require(after.first { $0.child("CalendarItemType")?.text == "Exception" })
            #expect(exception.child("Subject")?.text == "Moved review")
            #expect(exception.child("Start")?.text == "2026-01-13T14:00:00Z")

            let master = try await harness.ews("""
                <m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="\(try masterId(harness))"/></m:ItemIds></m:GetItem>
                """)
            let masterItem = try #require(master.messages.first?.descendant("Items", "CalendarItem"))
            #expect(masterItem.child("CalendarItemType")?.text == "RecurringMaster")
            #expect(masterItem.child("ModifiedOccurrences")?.children.count == 1)
            #expect(masterItem.descendant("ModifiedOccurrences", "Occurrence", "OriginalStart")?.text == "2026-01-12T08:00:00Z")
            #expect(masterItem.descendant("DeletedOccurrences", "DeletedOccurrence", "Start")?.text == "2026-01-19T08:00:00Z")
        }
    }

    func masterId(_ harness: SimulatorHarness) throws -> String {
        try #require(try harness.exchange.items(in: SimulatorHarness.alice, folder: "calendar").first { $0.subject == "Weekly CRM review" }?.id)
    }

    @Test func restrictionsOnANamedPropertyFindTaggedItems() async throws {
        try await SimulatorHarness.with { harness in
            _ = try await harness.ews(ItemOperationTests.createAppointment(subject: "Tagged"))
            let uri = ItemOperationTests.tagURIByGUID
            func find(_ restriction: String) async throws -> [String] {
                let response = try await harness.ews("""
                    <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>\
                    <m:Restriction>\(restriction)</m:Restriction>\
                    <m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>
                    """)
                return Self.items(response).compactMap { $0.child("Subject")?.text }
            }
            #expect(try await find("<t:Exists>\(uri)</t:Exists>") == ["Tagged"])
            #expect(try await find("<t:IsEqualTo>\(uri)<t:FieldURIOrConstant><t:Constant Value=\"crm-42\"/></t:FieldURIOrConstant></t:IsEqualTo>") == ["Tagged"])
            #expect(try await find("<t:IsEqualTo>\(uri)<t:FieldURIOrConstant><t:Constant Value=\"crm-1\"/></t:FieldURIOrConstant></t:IsEqualTo>") == [])
            let either = """
                <t:Or><t:IsEqualTo>\(uri)<t:FieldURIOrConstant><t:Constant Value="nope"/></t:FieldURIOrConstant></t:IsEqualTo>\
                <t:IsEqualTo><t:FieldURI FieldURI="item:Subject"/><t:FieldURIOrConstant><t:Constant Value="Weekly CRM review"/></t:FieldURIOrConstant></t:IsEqualTo></t:Or>
                """
            #expect(try await find(either) == ["Weekly CRM review"])
            let both = "<t:And><t:Exists>\(uri)</t:Exists><t:Not><t:Exists>\(uri)</t:Exists></t:Not></t:And>"
            #expect(try await find(both) == [])
        }
    }

    @Test func indexedPagingReportsTheNextOffset() async throws {
        try await SimulatorHarness.with { harness in
            _ = try await SyncFolderItemsTests.createTasks(harness, count: 4)
            func page(_ offset: Int) async throws -> XMLElementNode? {
                try await harness.ews("""
                    <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>\
                    <m:IndexedPageItemView MaxEntriesReturned="3" Offset="\(offset)" BasePoint="Beginning"/>\
                    <m:ParentFolderIds><t:DistinguishedFolderId Id="tasks"/></m:ParentFolderIds></m:FindItem>
                    """).messages.first?.child("RootFolder")
            }
            let first = try #require(try await page(0))
            #expect(first[attribute: "TotalItemsInView"] == "5")
            #expect(first[attribute: "IncludesLastItemInRange"] == "false")
            #expect(first[attribute: "IndexedPagingOffset"] == "3")
            let second = try #require(try await page(3))
            #expect(second[attribute: "IncludesLastItemInRange"] == "true")
            #expect(second.child("Items")?.children.count == 2)
        }
    }

    @Test("FindItem returns no body, attachments or recipients, even under AllProperties, and refuses them by name; GetItem has them")
    func findItemLeavesOutWhatOnlyGetItemReturns() async throws {
        try await SimulatorHarness.with { harness in
            try harness.exchange.sendMail(
                from: SimulatorHarness.alice, to: ["client@fabrikam.example"], subject: "Quote", body: "Hello",
                attachments: [.init(name: "quote.pdf", contentType: "application/pdf", contentBytes: Data("%PDF".utf8).base64EncodedString())])
            func find(_ shape: String) async throws -> SimulatorHarness.EWSResponse {
                try await harness.ews("""
                    <m:FindItem Traversal="Shallow"><m:ItemShape>\(shape)</m:ItemShape>\
                    <m:ParentFolderIds><t:DistinguishedFolderId Id="sentitems"/></m:ParentFolderIds></m:FindItem>
                    """)
            }
            let all = try await find("<t:BaseShape>AllProperties</t:BaseShape>")
            let message = try #require(Self.items(all).first)
            #expect(message.child("Subject")?.text == "Quote")
            #expect(message.child("HasAttachments")?.text == "true")
            for name in ["Body", "Attachments", "ToRecipients"] { #expect(message.child(name) == nil, "\(name)") }

            for uri in ["item:Body", "item:Attachments", "message:ToRecipients"] {
                let refused = try await find("<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI=\"\(uri)\"/></t:AdditionalProperties>")
                #expect(refused.messages.first?[attribute: "ResponseClass"] == "Error", "\(uri)")
                #expect(refused.messages.first?.child("ResponseCode")?.text == "ErrorInvalidPropertyRequest", "\(uri)")
            }

            let id = try #require(message.child("ItemId")?[attribute: "Id"])
            let read = try await harness.ews("""
                <m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>\
                <m:ItemIds><t:ItemId Id="\(id)"/></m:ItemIds></m:GetItem>
                """)
            let full = try #require(read.messages.first?.child("Items")?.children.first)
            for name in ["Body", "Attachments", "ToRecipients"] { #expect(full.child(name) != nil, "\(name)") }
        }
    }

    @Test func foldersCanBeListedFoundAndCreated() async throws {
        try await SimulatorHarness.with { harness in
            let create = #"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderId><m:Folders><t:ContactsFolder><t:DisplayName>CRM contacts</t:DisplayName></t:ContactsFolder></m:Folders></m:CreateFolder>"#
            #expect(try await harness.ews(create).messages.first?[attribute: "ResponseClass"] == "Success")
            #expect(try await harness.ews(create).messages.first?.child("ResponseCode")?.text == "ErrorFolderExists")
            let find = try await harness.ews(#"<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderIds></m:FindFolder>"#)
            let names = find.messages.first?.all("DisplayName").map(\.text) ?? []
            #expect(names.contains("CRM contacts"))
            #expect(names.contains("Calendar"))
            let get = try await harness.ews(#"<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="calendar"/><t:DistinguishedFolderId Id="tasks"/><t:FolderId Id="AAAA"/></m:FolderIds></m:GetFolder>"#)
            #expect(get.messages.map { $0.child("ResponseCode")?.text } == ["NoError", "NoError", "ErrorInvalidIdMalformed"])
            #expect(get.messages.first?.descendant("Folders", "CalendarFolder", "TotalCount")?.text == "1")
        }
    }
}
