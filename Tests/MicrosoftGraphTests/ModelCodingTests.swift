import Foundation
import MicrosoftGraph
import Testing

@Suite("Model coding")
struct ModelCodingTests {
    static func json(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try JSONSerialization.jsonObject(with: encoder.encode(value)) as! [String: Any]
    }

    @Test func onlyTheFieldsThatAreSetAreEncoded() throws {
        var event = GraphEvent()
        event.subject = "Review"
        event.start = DateTimeTimeZone(dateTime: "2026-11-02T09:00:00", timeZone: "W. Europe Standard Time")
        let object = try Self.json(event)
        #expect(Set(object.keys) == ["subject", "start"])
        #expect((object["start"] as? [String: String]) == ["dateTime": "2026-11-02T09:00:00", "timeZone": "W. Europe Standard Time"])
    }

    @Test func changesSendSetFieldsAndClearedFieldsAsNull() throws {
        var changes = GraphEvent()
        changes.subject = "Review v2"
        let body = try Self.json(GraphChanges(changes, clearing: [.location, .recurrence]))
        #expect(Set(body.keys) == ["subject", "location", "recurrence"])
        #expect(body["location"] is NSNull)
        #expect(body["recurrence"] is NSNull)
        #expect(body["subject"] as? String == "Review v2")
    }

    /// A series master as Graph documents it (event resource, recurrence sample), with annotations.
    static let seriesMaster = #"""
    {"@odata.etag":"W/\"DwAAABYAAAAQ\"","id":"AAMkAGI1=","createdDateTime":"2026-10-01T08:00:00.1234567Z",
     "lastModifiedDateTime":"2026-10-02T08:00:00Z","changeKey":"DwAAABYAAAAQ","categories":["Prextra"],
     "originalStartTimeZone":"W. Europe Standard Time","originalEndTimeZone":"W. Europe Standard Time",
     "iCalUId":"040000008200E00074C5B7101A82E008","reminderMinutesBeforeStart":15,"isReminderOn":true,
     "subject":"Weekly","bodyPreview":"","importance":"normal","sensitivity":"normal","isAllDay":false,"isCancelled":false,
     "isOrganizer":true,"showAs":"busy","type":"seriesMaster","webLink":"https://outlook.office365.com/owa/?itemid=x",
     "responseStatus":{"response":"organizer","time":"0001-01-01T00:00:00Z"},
     "body":{"contentType":"html","content":"<html></html>"},
     "start":{"dateTime":"2026-11-02T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-11-02T10:00:00.0000000","timeZone":"UTC"},
     "location":{"displayName":"Room 1","locationType":"default","uniqueId":"Room 1","uniqueIdType":"private"},
     "locations":[{"displayName":"Room 1","locationType":"default"}],
     "recurrence":{"pattern":{"type":"weekly","interval":1,"month":0,"dayOfMonth":0,"daysOfWeek":["monday"],"firstDayOfWeek":"sunday","index":"first"},
                   "range":{"type":"endDate","startDate":"2026-11-02","endDate":"2027-03-29","recurrenceTimeZone":"W. Europe Standard Time","numberOfOccurrences":0}},
     "attendees":[{"type":"required","status":{"response":"none","time":"0001-01-01T00:00:00Z"},"emailAddress":{"name":"Ann","address":"ann@contoso.com"}}],
     "organizer":{"emailAddress":{"name":"Bob","address":"bob@contoso.com"}},
     "cancelledOccurrences":["OID.AAMkAGI1=.2026-11-09"],
     "singleValueExtendedProperties":[{"id":"String {00020329-0000-0000-c000-000000000046} Name PrextraRecordId","value":"4711"}],
     "onlineMeeting":null,"seriesMasterId":null}
    """#

    @Test func aSeriesMasterDecodesWithItsRecurrenceAndTag() throws {
        let event = try JSONDecoder().decode(GraphEvent.self, from: Data(Self.seriesMaster.utf8))
        #expect(event.etag == #"W/"DwAAABYAAAAQ""#)
        #expect(event.type == .seriesMaster)
        #expect(event.recurrence?.pattern?.type == .weekly)
        #expect(event.recurrence?.pattern?.daysOfWeek == [.monday])
        #expect(event.recurrence?.range?.type == .endDate)
        #expect(event.recurrence?.range?.endDate == EdmDate("2027-03-29"))
        #expect(event.attendees?.first?.emailAddress?.address == "ann@contoso.com")
        #expect(event.attendees?.first?.type == .required)
        #expect(event.cancelledOccurrences == ["OID.AAMkAGI1=.2026-11-09"])
        #expect(event.singleValueExtendedProperties?.first?.value == "4711")
        #expect(event.isAllDay == false)
        #expect(event.seriesMasterId == nil)
    }

    @Test func aTaskWithALinkedResourceRoundTrips() throws {
        var task = GraphTodoTask()
        task.title = "Call back"
        task.status = .notStarted
        task.dueDateTime = DateTimeTimeZone(dateTime: "2026-11-03T00:00:00", timeZone: "UTC")
        var link = GraphLinkedResource()
        link.applicationName = "Prextra"
        link.externalId = "4711"
        task.linkedResources = [link]
        let data = try JSONEncoder().encode(task)
        #expect(try JSONDecoder().decode(GraphTodoTask.self, from: data) == task)
        #expect(Set(try Self.json(task).keys) == ["title", "status", "dueDateTime", "linkedResources"])
    }

    @Test func anUnknownEnumMemberIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(GraphEvent.self, from: Data(#"{"id":"a","type":"recurringInstance"}"#.utf8))
        }
    }
}
