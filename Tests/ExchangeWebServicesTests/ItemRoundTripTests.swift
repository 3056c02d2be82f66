import Foundation
import StreamingXML
import Testing

@testable import ExchangeWebServices

/// What the client writes, it reads back the same (time zones through their Windows ids).
@Suite("Items round-trip through EWS XML")
struct ItemRoundTripTests {
    static func roundTrip(_ item: Item) throws -> Item {
        var writer = XMLWriter()
        writer.startElement("m:Items")
        writer.namespaceDeclaration(prefix: "m", uri: EWSNamespace.messages)
        writer.namespaceDeclaration(prefix: "t", uri: EWSNamespace.types)
        try ItemXMLWriter().write(item, into: &writer)
        writer.endElement()
        let builder = XMLTreeBuilder()
        try XMLPushParser.parse(writer.bytes, handler: builder)
        let node = try #require(builder.root?.children.first)
        return ItemXMLReader.item(from: node)
    }

    @Test(arguments: SampleItems.everyRecurrence)
    func calendarItemWithEachRecurrence(recurrence: Recurrence) throws {
        let original = SampleItems.calendarItem(recurrence: recurrence)
        var read = try #require(try Self.roundTrip(.calendarItem(original)).calendarItem)
        #expect(read.startTimeZoneWindowsID == "Romance Standard Time")
        #expect(read.endTimeZoneWindowsID == "Eastern Standard Time")
        // America/Montreal travels as Eastern Standard Time and comes back as its default zone.
        #expect(read.endTimeZone == "America/New_York")
        #expect(original.changedFields(to: read) == [])
        read.startTimeZoneWindowsID = nil
        read.endTimeZoneWindowsID = nil
        read.endTimeZone = original.endTimeZone
        #expect(read == original)
    }

    @Test func allDayEvent() throws {
        let original = SampleItems.allDay()
        var read = try #require(try Self.roundTrip(.calendarItem(original)).calendarItem)
        read.startTimeZoneWindowsID = nil
        read.endTimeZoneWindowsID = nil
        #expect(read == original)
    }

    @Test func contact() throws {
        let original = SampleItems.contact()
        let read = try #require(try Self.roundTrip(.contact(original)).contact)
        #expect(read == original)
        #expect(read.notes == "Préfère le courriel.\nÀ rappeler.")
        #expect(read.physicalAddresses[.home]?.city == "Lévis")
    }

    @Test func task() throws {
        let original = SampleItems.task()
        #expect(try Self.roundTrip(.task(original)).task == original)
    }

    @Test func message() throws {
        let original = SampleItems.message()
        #expect(try Self.roundTrip(.message(original)).message == original)
    }

    @Test func anUnknownIANAZoneIsRefusedBeforeAnythingIsSent() {
        var item = SampleItems.calendarItem()
        item.startTimeZone = "Mars/Olympus_Mons"
        let error = #expect(throws: EWSError.self) { try Self.roundTrip(.calendarItem(item)) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("Mars/Olympus_Mons") == true)
    }

    @Test func changedFieldsListOnlyWhatDiffers() {
        let old = SampleItems.task()
        var new = old
        #expect(old.changedFields(to: new) == [])
        new.properties.extendedProperties = [ExtendedProperty(path: .publicString("PrextraRecordId"), value: "task-10")]
        new.status = .completed
        #expect(old.changedFields(to: new) == [.extendedProperty(SampleItems.tag), .status])
    }

    @Test func tagsSpelledWithThePublicStringsGUIDAreTheSameProperty() {
        let byGUID = ExtendedPropertyPath(propertySet: .guid("{00020329-0000-0000-c000-000000000046}"), key: .name("PrextraRecordId"))
        let properties = [ExtendedProperty(path: byGUID, value: "x")]
        #expect(properties.value(for: .publicString("PrextraRecordId")) == "x")
    }
}

@Suite("EWS date and time values")
struct EWSDateTimeTests {
    @Test(arguments: [
        ("2026-03-29T01:00:00Z", 1_774_746_000.0),
        ("2026-03-29T03:00:00+02:00", 1_774_746_000.0),
        ("2026-03-28T20:00:00-05:00", 1_774_746_000.0),
        ("2026-03-29T01:00:00.250Z", 1_774_746_000.25),
        ("2026-03-29T01:00:00", 1_774_746_000.0),
        ("  2026-03-29T01:00:00Z\n", 1_774_746_000.0),
    ])
    func reads(text: String, epoch: Double) {
        #expect(EWSDateTime.date(from: text)?.timeIntervalSince1970 == epoch)
    }

    @Test(arguments: ["", "2026-13", "yesterday", "2026-03-29T01:00:00Q", "2026-03-29T01:00"])
    func refusesWhatIsNotADateTime(text: String) {
        #expect(EWSDateTime.date(from: text) == nil)
    }

    @Test func writesUTCWithZ() {
        #expect(EWSDateTime.string(from: Date(timeIntervalSince1970: 1_774_746_000.9)) == "2026-03-29T01:00:00Z")
    }

    @Test func readsDatesWithAZoneSuffix() {
        #expect(LocalDate(ewsText: "2014-03-08-08:00") == LocalDate(year: 2014, month: 3, day: 8))
        #expect(LocalDate(ewsText: "2014-03-08Z")?.description == "2014-03-08")
        #expect(LocalDate(ewsText: "2014") == nil)
    }
}
