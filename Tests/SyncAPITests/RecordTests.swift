import Foundation
import SyncEngine
import SyncStore
import Testing

@testable import SyncAPI

@Suite("Records: idempotent writes and optimistic concurrency")
struct RecordTests {
    static let contact = #"{"fields":{"givenName":" Jane ","surname":"Doe","email1":"Jane.Doe@Contoso.com","businessAddress":{"city":"Lyon"},"categories":["Prextra"]},"owners":["Jane@Prextra.example"]}"#

    @Test("PUT creates (201), returns the record normalised with its ETag, GET reads it back")
    func createAndRead() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let created = try await api.request(.PUT, "/v1/environments/prextra/contacts/C-1", body: Self.contact)
        #expect(created.status == 201)
        #expect(created.headers.first(name: "ETag") == "\"1\"")
        let fields = created.json["fields"] as? [String: Any]
        #expect(fields?["givenName"] as? String == "Jane")
        #expect(fields?["email1"] as? String == "jane.doe@contoso.com")
        #expect((fields?["businessAddress"] as? [String: Any])?["city"] as? String == "Lyon")
        #expect(created.json["owners"] as? [String] == ["jane@prextra.example"])
        let read = try await api.request(.GET, "/v1/environments/prextra/contacts/C-1")
        #expect(read.status == 200)
        #expect(read.headers.first(name: "ETag") == "\"1\"")
        #expect(read.json["version"] as? Int == 1)

        // The store holds what the engine compares.
        let record = try await api.store.record(environment: "prextra", key: RecordKey(.contact, "C-1"))
        #expect(record?.fields["givenName"] == .text("Jane"))
        #expect(record?.owners == [MailboxAddress("jane@prextra.example")])
        await api.stop()
    }

    @Test("the same PUT twice is one change: same version, one CRM feed entry")
    func idempotentPut() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let first = try await api.request(.PUT, "/v1/environments/prextra/contacts/C-1", body: Self.contact)
        let second = try await api.request(.PUT, "/v1/environments/prextra/contacts/C-1", body: Self.contact)
        #expect(first.status == 201)
        #expect(second.status == 200)
        #expect(second.headers.first(name: "ETag") == "\"1\"")
        let feed = try await api.store.crmChanges(environment: "prextra", after: .start, limit: 100)
        #expect(feed.changes.count == 1)
        await api.stop()
    }

    @Test("If-Match: a stale ETag gets 412 naming If-Match and the current ETag; the right one writes")
    func optimisticConcurrency() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let path = "/v1/environments/prextra/tasks/T-9"
        let v1 = #"{"fields":{"subject":"Call back","dueDate":"2026-12-01"},"owners":["jane@prextra.example"]}"#
        let v2 = #"{"fields":{"subject":"Call back today","dueDate":"2026-12-01"},"owners":["jane@prextra.example"]}"#
        let v3 = #"{"fields":{"subject":"Call back tomorrow","dueDate":"2026-12-02"},"owners":["jane@prextra.example"]}"#
        #expect(try await api.request(.PUT, path, body: v1).status == 201)
        let updated = try await api.request(.PUT, path, headers: [("If-Match", "\"1\"")], body: v2)
        #expect(updated.status == 200)
        #expect(updated.headers.first(name: "ETag") == "\"2\"")

        let stale = try await api.request(.PUT, path, headers: [("If-Match", "\"1\"")], body: v3)
        #expect(stale.status == 412)
        #expect(stale.isProblem)
        #expect(stale.problemField == "If-Match")
        #expect(stale.json["currentETag"] as? String == "\"2\"")
        // Even the same content with a stale ETag is refused: the writer did not see version 2.
        #expect(try await api.request(.PUT, path, headers: [("If-Match", "\"1\"")], body: v2).status == 412)
        #expect(try await api.request(.PUT, path, headers: [("If-Match", "seven")], body: v3).status == 400)

        #expect(try await api.request(.DELETE, path, headers: [("If-Match", "\"1\"")]).status == 412)
        let deleted = try await api.request(.DELETE, path, headers: [("If-Match", "\"2\"")])
        #expect(deleted.status == 204)
        #expect(try await api.request(.GET, path).status == 404)
        // Deleting again changes nothing; deleting what never existed is 404.
        #expect(try await api.request(.DELETE, path).status == 204)
        #expect(try await api.request(.DELETE, "/v1/environments/prextra/tasks/never").status == 404)
        // If-Match: * on a record that does not exist.
        #expect(try await api.request(.PUT, "/v1/environments/prextra/tasks/new", headers: [("If-Match", "*")], body: v1).status == 412)
        await api.stop()
    }

    @Test("ids are percent-decoded: an EWS-like id with / and + round-trips")
    func percentEncodedIDs() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let created = try await api.request(.PUT, "/v1/environments/prextra/contacts/A%2FB%2B%C3%A9", body: Self.contact)
        #expect(created.status == 201)
        #expect(created.json["id"] as? String == "A/B+é")
        let record = try await api.store.record(environment: "prextra", key: RecordKey(.contact, "A/B+é"))
        #expect(record != nil)
        await api.stop()
    }

    @Test("appointments: timed and all-day, checked by the engine's model")
    func appointments() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let timed = #"{"fields":{"subject":"Review","start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00+01:00","startTimeZone":"Europe/Paris","attendees":[{"email":"Bob@Contoso.com","role":"optional"}],"recurrence":{"type":"weekly","interval":1,"daysOfWeek":["Tuesday"],"rangeType":"numbered","rangeStart":"2026-12-01","count":5}},"owners":["jane@prextra.example"]}"#
        let answer = try await api.request(.PUT, "/v1/environments/prextra/appointments/A-1", body: timed)
        #expect(answer.status == 201, "\(answer.text)")
        let fields = answer.json["fields"] as? [String: Any]
        #expect(fields?["start"] as? String == "2026-12-01T09:00:00Z")
        #expect(fields?["end"] as? String == "2026-12-01T09:00:00Z")
        #expect(fields?["isAllDay"] as? Bool == false)
        let allDay = #"{"fields":{"subject":"Holiday","isAllDay":true,"start":"2026-12-24","end":"2026-12-26","startTimeZone":"Europe/Paris"},"owners":[]}"#
        let second = try await api.request(.PUT, "/v1/environments/prextra/appointments/A-2", body: allDay)
        #expect(second.status == 201, "\(second.text)")
        #expect((second.json["fields"] as? [String: Any])?["start"] as? String == "2026-12-24")
        await api.stop()
    }
}
