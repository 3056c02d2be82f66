import Foundation
import SyncEngine
import SyncStore
import Testing

@testable import SyncAPI

@Suite("The Outlook change feed: paging and resuming after a restart")
struct ChangeFeedTests {
    @Test("pages in order and resumes from the cursor after the service restarts on the same file")
    func pagingAndResume() async throws {
        let first = try await APIHarness.start()
        defer { first.remove() }
        let jane = MailboxAddress("jane@prextra.example")
        try await first.store.enrolMailbox(environment: "prextra", address: jane)
        let put = try await first.request(
            .PUT, "/v1/environments/prextra/tasks/T-1",
            body: #"{"fields":{"subject":"Draft"},"owners":["jane@prextra.example"]}"#)
        #expect(put.status == 201)
        try await first.applyOutlookUpdates(record: RecordKey(.task, "T-1"), mailbox: jane, subjects: ["one", "two", "three", "four", "five"])

        let page1 = try await first.request(.GET, "/v1/environments/prextra/changes?limit=2")
        #expect(page1.status == 200)
        let changes1 = page1.json["changes"] as? [[String: Any]] ?? []
        #expect(changes1.map { ($0["fields"] as? [String: Any])?["subject"] as? String } == ["one", "two"])
        #expect(changes1.first?["operation"] as? String == "updated")
        #expect(changes1.first?["mailbox"] as? String == "jane@prextra.example")
        #expect(changes1.first?["id"] as? String == "T-1")
        #expect(changes1.first?["entity"] as? String == "task")
        #expect(page1.json["hasMore"] as? Bool == true)
        let cursor = try #require(page1.json["next"] as? String)
        // The record follows the Outlook side: its version is the ERP's next If-Match.
        #expect(changes1.last?["version"] as? Int == 3)

        // Restart: stop the server, close the store, open the same file again.
        await first.stop()
        let second = try await APIHarness.start(directory: first.directory)
        let page2 = try await second.request(.GET, "/v1/environments/prextra/changes?after=\(cursor)&limit=10")
        let changes2 = page2.json["changes"] as? [[String: Any]] ?? []
        #expect(changes2.map { ($0["fields"] as? [String: Any])?["subject"] as? String } == ["three", "four", "five"])
        #expect(page2.json["hasMore"] as? Bool == false)
        let end = try #require(page2.json["next"] as? String)
        // Reading from the end gives nothing and keeps the cursor.
        let page3 = try await second.request(.GET, "/v1/environments/prextra/changes?after=\(end)")
        #expect((page3.json["changes"] as? [Any])?.isEmpty == true)
        #expect(page3.json["next"] as? String == end)
        let record = try await second.request(.GET, "/v1/environments/prextra/tasks/T-1")
        #expect((record.json["fields"] as? [String: Any])?["subject"] as? String == "five")
        await second.stop()
    }
}
