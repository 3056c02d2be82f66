// Measures how fast a realistic Graph delta page decodes into the MicrosoftGraph models:
// Foundation's JSONDecoder (what the library uses) against JSONSerialization plus a hand-written
// mapping into the same models. Built with `swiftc -O` from the model sources by
// scripts/graph-decode-benchmark.sh; figures go in docs/graph.md.
import Foundation

struct DeltaPage: Decodable {
    var value: [GraphDeltaEntry<GraphEvent>]
    var nextLink: String?
    var deltaLink: String?
    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
        case deltaLink = "@odata.deltaLink"
    }
}

/// A page as Graph's calendarView/delta returns it: mostly full single instances (with the
/// properties Graph returns by default), some occurrence skeletons and exceptions, some removals.
func realisticPage(events: Int) -> Data {
    var items: [String] = []
    let body = String(repeating: "<p>Agenda: quarterly review of the account, offers and open items.</p>", count: 6)
    for index in 0..<events {
        let id = "AAMkAGI1ZTc4NTk1LWQ3YzAtNGE4Ni1hZTljLTBhMzE2NDY5ZGIwOABGAAAAAAB8hNqXqL4fSa6ssdR7H4uFBwCdd\(index)AAA="
        let day = String(format: "%02d", index % 28 + 1)
        switch index % 20 {
        case 0:
            items.append(##"{"@odata.type":"#microsoft.graph.event","id":"\##(id)","@removed":{"reason":"deleted"}}"##)
        case 1, 2:
            items.append(#"""
            {"@odata.type":"#microsoft.graph.event","@odata.etag":"W/\"DwAAABYAAACdd\#(index)\"","id":"\#(id)","type":"occurrence","seriesMasterId":"AAMkSERIES\#(index)=","start":{"dateTime":"2026-11-\#(day)T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-11-\#(day)T10:00:00.0000000","timeZone":"UTC"}}
            """#)
        default:
            let type = index % 20 == 3 ? "exception" : "singleInstance"
            let master = type == "exception" ? #""AAMkSERIES\#(index)=""# : "null"
            items.append(#"""
            {"@odata.type":"#microsoft.graph.event","@odata.etag":"W/\"DwAAABYAAACdd\#(index)\"","id":"\#(id)","createdDateTime":"2026-10-01T08:00:00.1234567Z","lastModifiedDateTime":"2026-10-02T08:00:00.7654321Z","changeKey":"DwAAABYAAACdd\#(index)","categories":["Prextra"],"transactionId":null,"originalStartTimeZone":"W. Europe Standard Time","originalEndTimeZone":"W. Europe Standard Time","iCalUId":"040000008200E00074C5B7101A82E0080000000\#(index)","uid":"040000008200E00074C5B7101A82E0080000000\#(index)","reminderMinutesBeforeStart":15,"isReminderOn":true,"hasAttachments":false,"subject":"Customer visit \#(index)","bodyPreview":"Agenda: quarterly review of the account","importance":"normal","sensitivity":"normal","isAllDay":false,"isCancelled":false,"isOrganizer":true,"responseRequested":true,"seriesMasterId":\#(master),"showAs":"busy","type":"\#(type)","webLink":"https://outlook.office365.com/owa/?itemid=\#(index)&exvsurl=1&path=/calendar/item","onlineMeetingUrl":null,"isOnlineMeeting":false,"onlineMeetingProvider":"unknown","allowNewTimeProposals":true,"occurrenceId":null,"isDraft":false,"hideAttendees":false,"responseStatus":{"response":"organizer","time":"0001-01-01T00:00:00Z"},"body":{"contentType":"html","content":"\#(body)"},"start":{"dateTime":"2026-11-\#(day)T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-11-\#(day)T10:00:00.0000000","timeZone":"UTC"},"location":{"displayName":"Customer office","locationType":"default","uniqueId":"Customer office","uniqueIdType":"private"},"locations":[{"displayName":"Customer office","locationType":"default","uniqueId":"Customer office","uniqueIdType":"private"}],"recurrence":null,"attendees":[{"type":"required","status":{"response":"none","time":"0001-01-01T00:00:00Z"},"emailAddress":{"name":"Ann Example","address":"ann@contoso.com"}},{"type":"optional","status":{"response":"accepted","time":"2026-10-03T08:00:00Z"},"emailAddress":{"name":"Bob Example","address":"bob@contoso.com"}}],"organizer":{"emailAddress":{"name":"Sales","address":"sales@contoso.com"}},"onlineMeeting":null,"singleValueExtendedProperties":[{"id":"String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId","value":"APT-\#(index)"}]}
            """#)
        }
    }
    let json = #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(event)","value":[\#(items.joined(separator: ","))],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users/u1/calendarView/delta?$skiptoken=SK1"}"#
    return Data(json.utf8)
}

// MARK: JSONSerialization + hand mapping

struct Malformed: Error {}

func dateTimeTimeZone(_ any: Any?) throws -> DateTimeTimeZone? {
    guard let any, !(any is NSNull) else { return nil }
    guard let object = any as? [String: Any], let dateTime = object["dateTime"] as? String else { throw Malformed() }
    var value = DateTimeTimeZone()
    value.dateTime = dateTime
    value.timeZone = object["timeZone"] as? String
    return value
}

func emailAddress(_ any: Any?) throws -> EmailAddress? {
    guard let object = any as? [String: Any] else { return nil }
    var value = EmailAddress()
    value.name = object["name"] as? String
    value.address = object["address"] as? String
    return value
}

func event(_ object: [String: Any]) throws -> GraphEvent {
    var event = GraphEvent()
    event.id = object["id"] as? String
    event.etag = object["@odata.etag"] as? String
    event.changeKey = object["changeKey"] as? String
    event.createdDateTime = (object["createdDateTime"] as? String).map(EdmDateTimeOffset.init)
    event.lastModifiedDateTime = (object["lastModifiedDateTime"] as? String).map(EdmDateTimeOffset.init)
    event.categories = object["categories"] as? [String]
    event.subject = object["subject"] as? String
    event.bodyPreview = object["bodyPreview"] as? String
    if let body = object["body"] as? [String: Any] {
        var value = ItemBody()
        value.content = body["content"] as? String
        value.contentType = (body["contentType"] as? String).flatMap(BodyType.init(rawValue:))
        event.body = value
    }
    event.start = try dateTimeTimeZone(object["start"])
    event.end = try dateTimeTimeZone(object["end"])
    event.isAllDay = object["isAllDay"] as? Bool
    event.isCancelled = object["isCancelled"] as? Bool
    event.isReminderOn = object["isReminderOn"] as? Bool
    event.reminderMinutesBeforeStart = (object["reminderMinutesBeforeStart"] as? Int).map(Int32.init)
    event.isOrganizer = object["isOrganizer"] as? Bool
    if let type = object["type"] as? String {
        guard let value = EventType(rawValue: type) else { throw Malformed() }
        event.type = value
    }
    event.seriesMasterId = object["seriesMasterId"] as? String
    event.iCalUId = object["iCalUId"] as? String
    event.originalStartTimeZone = object["originalStartTimeZone"] as? String
    event.originalEndTimeZone = object["originalEndTimeZone"] as? String
    event.webLink = object["webLink"] as? String
    event.importance = (object["importance"] as? String).flatMap(Importance.init(rawValue:))
    event.sensitivity = (object["sensitivity"] as? String).flatMap(Sensitivity.init(rawValue:))
    event.showAs = (object["showAs"] as? String).flatMap(FreeBusyStatus.init(rawValue:))
    if let location = object["location"] as? [String: Any] {
        var value = Location()
        value.displayName = location["displayName"] as? String
        value.locationType = (location["locationType"] as? String).flatMap(LocationType.init(rawValue:))
        value.uniqueId = location["uniqueId"] as? String
        event.location = value
    }
    if let status = object["responseStatus"] as? [String: Any] {
        var value = ResponseStatus()
        value.response = (status["response"] as? String).flatMap(ResponseType.init(rawValue:))
        value.time = (status["time"] as? String).map(EdmDateTimeOffset.init)
        event.responseStatus = value
    }
    if let organizer = object["organizer"] as? [String: Any] {
        var value = Recipient()
        value.emailAddress = try emailAddress(organizer["emailAddress"])
        event.organizer = value
    }
    if let attendees = object["attendees"] as? [[String: Any]] {
        event.attendees = try attendees.map { attendee in
            var value = Attendee()
            value.type = (attendee["type"] as? String).flatMap(AttendeeType.init(rawValue:))
            value.emailAddress = try emailAddress(attendee["emailAddress"])
            if let status = attendee["status"] as? [String: Any] {
                var response = ResponseStatus()
                response.response = (status["response"] as? String).flatMap(ResponseType.init(rawValue:))
                response.time = (status["time"] as? String).map(EdmDateTimeOffset.init)
                value.status = response
            }
            return value
        }
    }
    if let properties = object["singleValueExtendedProperties"] as? [[String: Any]] {
        event.singleValueExtendedProperties = properties.map { GraphExtendedProperty(id: $0["id"] as? String ?? "", value: $0["value"] as? String ?? "") }
    }
    return event
}

func decodeBySerialization(_ data: Data) throws -> [GraphDeltaEntry<GraphEvent>] {
    guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any], let value = root["value"] as? [[String: Any]] else {
        throw Malformed()
    }
    guard (root["@odata.nextLink"] == nil) != (root["@odata.deltaLink"] == nil) else { throw Malformed() }
    return try value.map { object in
        if let removed = object["@removed"] as? [String: Any] {
            guard let id = object["id"] as? String else { throw Malformed() }
            return .removed(id: id, reason: removed["reason"] as? String)
        }
        return .changed(try event(object))
    }
}

// MARK: Measurement

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let arguments = CommandLine.arguments
let pageSize = arguments.count > 1 ? Int(arguments[1]) ?? 100 : 100
let repetitions = arguments.count > 2 ? Int(arguments[2]) ?? 50 : 50
let data = realisticPage(events: pageSize)
let clock = ContinuousClock()

// Both decoders must agree before they are compared.
let byDecoder = try JSONDecoder().decode(DeltaPage.self, from: data).value
let bySerialization = try decodeBySerialization(data)
precondition(byDecoder.count == bySerialization.count)
for (a, b) in zip(byDecoder, bySerialization) {
    switch (a, b) {
    case (.changed(let x), .changed(let y)): precondition(x.id == y.id && x.subject == y.subject && x.attendees == y.attendees && x.start == y.start)
    case (.removed(let x, _), .removed(let y, _)): precondition(x == y)
    default: preconditionFailure("the decoders disagree")
    }
}

var decoderTimes: [Double] = []
var serializationTimes: [Double] = []
for _ in 0..<repetitions {
    let d = clock.measure { _ = try! JSONDecoder().decode(DeltaPage.self, from: data) }
    let s = clock.measure { _ = try! decodeBySerialization(data) }
    decoderTimes.append(Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000)
    serializationTimes.append(Double(s.components.attoseconds) / 1e15 + Double(s.components.seconds) * 1000)
}
let megabytes = Double(data.count) / 1_048_576
let decoderMs = median(decoderTimes)
let serializationMs = median(serializationTimes)
print("page: \(pageSize) events, \(data.count) bytes; \(repetitions) repetitions, median")
print(String(format: "JSONDecoder (Codable models):          %7.2f ms/page  %6.1f MB/s  %8.0f events/s", decoderMs, megabytes / decoderMs * 1000, Double(pageSize) / decoderMs * 1000))
print(String(format: "JSONSerialization + hand mapping:      %7.2f ms/page  %6.1f MB/s  %8.0f events/s", serializationMs, megabytes / serializationMs * 1000, Double(pageSize) / serializationMs * 1000))
