import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The JSON control API: acting as the Outlook user, inspecting, faults, reset; and recording.
@Suite("Control API and recording")
struct ControlAPITests {
    func call(_ harness: SimulatorHarness, _ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> (Int, Any?) {
        var request = HTTPClientRequest(url: harness.baseURL.absoluteString + path)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await harness.client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (Int(response.status.code), try? JSONSerialization.jsonObject(with: Data(buffer: body)))
    }

    /// EWS ids are base64: `/`, `+` and `=` must be escaped in a path segment.
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? id
    }

    /// Found with exchangelib's tooling (issue 14): clients that encode the whole segment send `@` as `%40`.
    @Test("A percent-encoded mailbox address in the path names the same mailbox")
    func percentEncodedAddress() async throws {
        try await SimulatorHarness.with { harness in
            let (plain, plainItems) = try await call(harness, .GET, "/control/mailboxes/alice@contoso.example/folders/contacts/items")
            let (encoded, encodedItems) = try await call(harness, .GET, "/control/mailboxes/alice%40contoso.example/folders/contacts/items")
            #expect(plain == 200)
            #expect(encoded == 200)
            #expect((encodedItems as? [Any])?.count == (plainItems as? [Any])?.count)
            let (unknown, _) = try await call(harness, .GET, "/control/mailboxes/nobody%40contoso.example/folders/contacts/items")
            #expect(unknown == 404)
        }
    }

    @Test func actAsTheOutlookUserAndSeeItThroughEWS() async throws {
        try await SimulatorHarness.with { harness in
            let xml = #"<t:Task xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Subject>From Outlook</t:Subject></t:Task>"#
            let payload = String(decoding: try JSONSerialization.data(withJSONObject: ["folder": "tasks", "xml": xml]), as: UTF8.self)
            let (status, created) = try await call(harness, .POST, "/control/mailboxes/alice@contoso.example/items", json: payload)
            #expect(status == 200)
            let id = try #require((created as? [String: Any])?["id"] as? String)
            let (_, edited) = try await call(
                harness, .PATCH, "/control/mailboxes/alice@contoso.example/items/\(Self.pathSegment(id))", json: #"{"set":{"Subject":"Edited in Outlook"}}"#)
            #expect((edited as? [String: Any])?["subject"] as? String == "Edited in Outlook")
            let fetched = try await harness.ews(ItemOperationTests.getItem(id, shape: "Default"))
            #expect(fetched.messages.first?.descendant("Items", "Task", "Subject")?.text == "Edited in Outlook")

            let (badStatus, _) = try await call(
                harness, .PATCH, "/control/mailboxes/alice@contoso.example/items/\(Self.pathSegment(id))", json: #"{"set":{"LastModifiedTime":"x"}}"#)
            #expect(badStatus == 400)
            let (moveStatus, moved) = try await call(
                harness, .POST, "/control/mailboxes/alice@contoso.example/items/\(Self.pathSegment(id))/move", json: #"{"folder":"deleteditems"}"#)
            #expect(moveStatus == 200)
            let movedId = try #require((moved as? [String: Any])?["id"] as? String)
            let (deleteStatus, _) = try await call(harness, .DELETE, "/control/mailboxes/alice@contoso.example/items/\(Self.pathSegment(movedId))")
            #expect(deleteStatus == 200)
            let (missing, _) = try await call(harness, .DELETE, "/control/mailboxes/alice@contoso.example/items/\(Self.pathSegment(movedId))")
            #expect(missing == 404)
            let (_, list) = try await call(harness, .GET, "/control/mailboxes/alice@contoso.example/folders/tasks/items")
            #expect((list as? [[String: Any]])?.count == 1)
        }
    }

    @Test func aReimportKeepsTheItemAndItsTagUnderANewItemId() async throws {
        try await SimulatorHarness.with { harness in
            let created = try ItemOperationTests.createdId(
                try await harness.ews(ItemOperationTests.createAppointment(subject: "Revue")))
            let before = try SyncFolderItemsTests.page(try await harness.ews(SyncFolderItemsTests.sync("calendar", state: nil, max: 512)))
            let (status, reimported) = try await call(
                harness, .POST, "/control/mailboxes/alice@contoso.example/items/\(Self.pathSegment(created.id))/reimport")
            #expect(status == 200)
            let newId = try #require((reimported as? [String: Any])?["id"] as? String)
            #expect(newId != created.id)
            #expect((reimported as? [String: Any])?["folder"] as? String == "calendar")

            // Through EWS: the old id is gone, the new one has the same properties and the tag.
            let old = try await harness.ews(ItemOperationTests.getItem(created.id))
            #expect(old.messages.first?.child("ResponseCode")?.text == "ErrorItemNotFound")
            let fetched = try await harness.ews(
                ItemOperationTests.getItem(newId, additional: ItemOperationTests.tagURI))
            #expect(fetched.messages.first?.descendant("Items", "CalendarItem", "Subject")?.text == "Revue")
            #expect(fetched.messages.first?.descendant("Items", "CalendarItem", "Location")?.text == "Room 1")
            #expect(fetched.messages.first?.descendant("Items", "CalendarItem", "ExtendedProperty", "Value")?.text == "crm-42")

            // The change stream reports a delete of the old id and a create of the new one.
            let after = try SyncFolderItemsTests.page(
                try await harness.ews(SyncFolderItemsTests.sync("calendar", state: before.state, max: 512)))
            #expect(after.changes.map(\.kind).sorted() == ["Create", "Delete"])
            #expect(after.changes.first { $0.kind == "Delete" }?.id == created.id)
            #expect(after.changes.first { $0.kind == "Create" }?.id == newId)

            let (missing, _) = try await call(
                harness, .POST, "/control/mailboxes/alice@contoso.example/items/\(Self.pathSegment(created.id))/reimport")
            #expect(missing == 404)
        }
    }

    @Test func faultsRequestLogAndResetOverHTTP() async throws {
        try await SimulatorHarness.with { harness in
            let tenant = SimulatorHarness.contoso
            let (status, _) = try await call(harness, .PUT, "/control/tenants/\(tenant)/faults", json: #"{"scriptedFaults":["serviceUnavailable"]}"#)
            #expect(status == 200)
            #expect(try await harness.ews(FaultInjectionTests.getCalendar).status == 503)
            #expect(try await harness.ews(FaultInjectionTests.getCalendar).status == 200)
            let (_, log) = try await call(harness, .GET, "/control/requests")
            let operations = (log as? [[String: Any]])?.compactMap { $0["operation"] as? String }
            #expect(operations == ["GetFolder", "GetFolder"])

            try harness.exchange.createItem(
                in: SimulatorHarness.alice, folder: "tasks",
                xml: #"<t:Task xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Subject>temp</t:Subject></t:Task>"#)
            #expect(try harness.exchange.items(in: SimulatorHarness.alice, folder: "tasks").count == 2)
            _ = try await call(harness, .POST, "/control/reset")
            #expect(try harness.exchange.items(in: SimulatorHarness.alice, folder: "tasks").count == 1)
            #expect(harness.exchange.requestLog.isEmpty)
        }
    }

    @Test func theRecorderWritesEveryRequestAndResponse() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("simulator-record-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await SimulatorHarness.with(record: directory) { harness in
            _ = try await harness.ews(FaultInjectionTests.getCalendar)
            _ = try await harness.post(SimulatorHarness.envelope(FaultInjectionTests.getCalendar, mailbox: nil))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == [
            "000001-GetFolder-request.xml", "000001-GetFolder-response.xml", "000002-GetFolder-request.xml", "000002-GetFolder-response.xml",
        ])
        let fault = try String(contentsOf: directory.appendingPathComponent("000002-GetFolder-response.xml"), encoding: .utf8)
        #expect(fault.contains("ErrorInvalidExchangeImpersonationHeaderData"))
    }
}
