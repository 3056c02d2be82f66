import Foundation
import StreamingXML
import Testing

@testable import ExchangeWebServices

/// Every recorded response parses: Microsoft's documentation samples, exchangelib's fixtures
/// modelled on live servers, and this project's own.
@Suite("Response fixtures")
struct ResponseFixtureTests {
    /// Reads a response the way the transport does, in small chunks.
    static func read<Element>(
        _ path: String, convert: @escaping (XMLElementNode) throws -> Element?
    ) throws -> EWSResponseReader<ElementListDecoder<Element>> {
        let bytes = [UInt8](try Fixture.data(path))
        let reader = EWSResponseReader(decoder: ElementListDecoder(convert))
        let parser = XMLPushParser(handler: reader)
        var start = 0
        while start < bytes.count {
            let end = min(start + 97, bytes.count)
            try parser.feed(bytes[start..<end])
            start = end
        }
        try parser.finish()
        return reader
    }

    static func items(_ path: String) throws -> [Result<ElementListDecoder<Item>.Payload, EWSError>] {
        try read(path, convert: ItemXMLReader.item(from:)).results
    }

    static let responseFiles: [String] = {
        let all = ((try? Fixture.files(in: "msdocs")) ?? []) + ((try? Fixture.files(in: "exchangelib")) ?? [])
            + ((try? Fixture.files(in: "handwritten")) ?? [])
        return all.filter { path in
            guard path.hasSuffix(".xml"), let text = try? Fixture.text(path) else { return false }
            return text.range(of: #"<(m:)?[A-Za-z]+Response[\s>]|:Fault>"#, options: .regularExpression) != nil
        }
    }()

    @Test func findsTheFixtures() {
        #expect(Self.responseFiles.count >= 30)
    }

    @Test(arguments: responseFiles)
    func everyResponseParsesToMessagesOrAFault(path: String) throws {
        let converter: (XMLElementNode) -> Any? =
            path.contains("SyncFolderItems") ? { SyncChangeXMLReader.change(from: $0) }
            : path.contains("Folder") ? { ItemXMLReader.folder(from: $0) } : { ItemXMLReader.item(from: $0) }
        let reader = try Self.read(path, convert: converter)
        #expect(reader.sawEnvelope)
        #expect(reader.fault != nil || !reader.results.isEmpty, "\(path) gave neither a fault nor messages")
    }

    @Test func serverBusyFaultCarriesItsBackOff() throws {
        let reader = try Self.read("exchangelib/exchangelib-Fault-ErrorServerBusy-BackOffMilliseconds.xml", convert: ItemXMLReader.item(from:))
        let fault = try #require(reader.fault)
        #expect(fault.kind == .fault)
        #expect(fault.code == .errorServerBusy)
        #expect(fault.backOff == .milliseconds(297_749))
        #expect(fault.isTransient)
    }

    @Test func schemaValidationFaultKeepsLineAndViolation() throws {
        let reader = try Self.read("exchangelib/exchangelib-Fault-ErrorSchemaValidation.xml", convert: ItemXMLReader.item(from:))
        let fault = try #require(reader.fault)
        #expect(fault.code == .errorSchemaValidation)
        #expect(fault.details["LineNumber"] == "123")
        #expect(fault.details["Violation"] == "ZZZ")
        #expect(!fault.isTransient)
    }

    @Test func syncFolderItemsReportsEveryChangeType() throws {
        let reader = try Self.read(
            "msdocs/SyncFolderItems-inbox-incremental-response-Create-Update-Delete-ReadFlag.xml",
            convert: SyncChangeXMLReader.change(from:))
        let payload = try #require(try reader.results.first?.get())
        let kinds = payload.elements.map { change -> String in
            switch change {
            case .create: "create"
            case .update: "update"
            case .delete: "delete"
            case .readFlagChange(_, let isRead): "read:\(isRead)"
            }
        }
        #expect(kinds == ["update", "create", "create", "read:true", "delete"])
        #expect(payload.message?.childText("SyncState") == "H4sIAAAAAAAEAO29B2AcSZY==")
        if case .update(let item) = payload.elements[0] {
            #expect(item.message?.properties.subject == "RE: Company Soccer Team")
            #expect(item.message?.from?.address == "Alfred.Welker@contoso.com")
            #expect(item.id?.changeKey == "CQAAABYAAADZGACZQpSgSpyNkexYe2b7AAAAird/")
        }
    }

    @Test func invalidSyncStateIsATypedResponseError() throws {
        let results = try Self.read(
            "msdocs/SyncFolderItems-error-ErrorInvalidSyncStateData.xml", convert: SyncChangeXMLReader.change(from:)
        ).results
        guard case .failure(let error) = results.first else { Issue.record("expected an error"); return }
        #expect(error.kind == .responseMessage)
        #expect(error.code == .errorInvalidSyncStateData)
        #expect(error.remedy.contains("full resync"))
    }

    @Test func contactWithTheUndocumentedCountryElementStillReads() throws {
        let results = try Self.items("msdocs/GetItem-Contact-response-AllProperties.xml")
        let contact = try #require(try results.first?.get().elements.first?.contact)
        #expect(contact.properties.id != nil)
        #expect(contact.givenName != nil || contact.displayName != nil)
    }

    @Test func taskReadsStatusAndPercent() throws {
        let task = try #require(try Self.items("msdocs/GetItem-Task-response-AllProperties.xml").first?.get().elements.first?.task)
        #expect(task.status == .notStarted)
        #expect(task.percentComplete == 0)
        #expect(task.properties.subject == "Buy new shoes")
    }

    @Test func recurringMasterReadsItsPatternAndRangeDespiteTheHttpsNamespaceTypo() throws {
        let item = try #require(
            try Self.items("msdocs/FindItem-CalendarView-Occurrences-response.xml").first?.get().elements.first?.calendarItem)
        #expect(item.calendarItemType == .recurringMaster)
        #expect(item.recurrence == Recurrence(
            pattern: .weekly(interval: 1, daysOfWeek: [.saturday]),
            range: .numbered(start: LocalDate(year: 2014, month: 3, day: 8), occurrences: 10)))
    }

    @Test func modifiedAndDeletedOccurrencesRead() throws {
        let item = try #require(
            try Self.items("handwritten/GetItem-RecurringMaster-Occurrences-response.xml").first?.get().elements.first?.calendarItem)
        #expect(item.modifiedOccurrences.count == 1)
        #expect(item.modifiedOccurrences.first?.originalStart == EWSDateTime.date(from: "2026-04-13T08:00:00Z"))
        #expect(item.deletedOccurrences == [EWSDateTime.date(from: "2026-04-20T08:00:00Z")!])
        #expect(item.startTimeZone == "Europe/Paris")
        #expect(item.startTimeZoneWindowsID == "Romance Standard Time")
        #expect(item.properties.extendedProperties.value(for: .publicString("PrextraRecordId")) == "appointment-42")
    }

    @Test func attachmentsMetadataIsReadForFileAndItemAttachments() throws {
        let fixture = "handwritten/GetItem-Message-Attachments-response.xml"
        let message = try #require(try Self.items(fixture).first?.get().elements.first?.message)
        #expect(message.hasAttachments == true)
        #expect(message.attachments == [
            Attachment(kind: .file, id: "AAMkFile1", name: "quote.pdf", contentType: "application/pdf", size: 48213, isInline: false),
            Attachment(kind: .item, id: "AAMkItem1", name: "Original request", contentType: nil, size: 12007, isInline: false),
            Attachment(kind: .file, id: "AAMkFile2", name: "image001.png", contentType: "image/png", size: 6120, isInline: true),
        ])
    }

    @Test func batchErrorsKeepTheirOrderAndCodes() throws {
        let results = try Self.items("msdocs/DeleteItem-batch-error-ErrorItemNotFound.xml")
        #expect(results.count >= 2)
        #expect(results.contains { if case .failure(let error) = $0 { error.code == .errorItemNotFound } else { false } })
    }

    @Test func innerErrorDetailsAreKept() throws {
        let results = try Self.items("exchangelib/exchangelib-DeleteItem-error-ErrorInternalServerError-InnerError.xml")
        guard case .failure(let error) = results.first else { Issue.record("expected an error"); return }
        #expect(error.code == .errorInternalServerError)
        #expect(error.details["InnerErrorResponseCode"] == "ErrorQuotaExceededOnDelete")
    }

    @Test func tooManyObjectsOpenedIsThrottling() throws {
        let results = try Self.read("exchangelib/exchangelib-FindFolder-error-ErrorTooManyObjectsOpened.xml", convert: ItemXMLReader.folder(from:)).results
        guard case .failure(let error) = results.first else { Issue.record("expected an error"); return }
        #expect(error.code?.isThrottling == true)
    }

    @Test func nonExistentMailboxIsTyped() throws {
        let results = try Self.items("msdocs/ExportItems-error-ErrorNonExistentMailbox.xml")
        #expect(results.count == 3)
        guard case .failure(let error) = results.last else { Issue.record("expected an error"); return }
        #expect(error.code == .errorNonExistentMailbox)
        #expect(error.details["MailboxGuid"] == "f3f6f699-2254-40ce-9994-388d9d98419e")
    }

    @Test func folderResponseReads() throws {
        let results = try Self.read("msdocs/GetFolder-response.xml", convert: ItemXMLReader.folder(from:)).results
        let folder = try #require(try results.first?.get().elements.first)
        #expect(folder.folderID != nil)
        #expect(folder.displayName != nil)
    }

    @Test func truncatedResponseIsAClearError() throws {
        let text = try Fixture.text("msdocs/GetItem-Task-response-AllProperties.xml")
        let reader = EWSResponseReader(decoder: ElementListDecoder(ItemXMLReader.item(from:)))
        #expect(throws: XMLParseError.self) {
            try XMLPushParser.parse(Array(text.utf8.prefix(text.utf8.count / 2)), handler: reader)
        }
    }

    @Test(arguments: [
        ("ErrorAccessDenied", EWSResponseCode.errorAccessDenied, "permissions"),
        ("ErrorIrresolvableConflict", .errorIrresolvableConflict, "read it again"),
        ("ErrorQuotaExceeded", .errorQuotaExceeded, "mailbox is full"),
        ("ErrorImpersonateUserDenied", .errorImpersonateUserDenied, "impersonate"),
        ("ErrorNonExistentMailbox", .errorNonExistentMailbox, "address is unknown"),
        ("ErrorItemNotFound", .errorItemNotFound, "no longer exists"),
        ("ErrorSomethingNew", EWSResponseCode(rawValue: "ErrorSomethingNew"), "client-request-id"),
    ])
    func responseCodesAreTypedWithARemedy(raw: String, code: EWSResponseCode, remedy: String) throws {
        let body = ResponseEnvelope.error("UpdateItem", code: raw, text: "The server said no.")
        let reader = EWSResponseReader(decoder: ElementListDecoder(ItemXMLReader.item(from:)))
        try XMLPushParser.parse(Array(body.utf8), handler: reader)
        guard case .failure(let error) = reader.results.first else { Issue.record("expected an error"); return }
        #expect(error.code == code)
        #expect(error.code?.rawValue == raw)
        #expect(error.message == "The server said no.")
        #expect(error.remedy.contains(remedy))
    }
}
