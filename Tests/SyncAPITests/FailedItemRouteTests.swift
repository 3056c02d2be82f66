import Foundation
import SyncEngine
import SyncStore
import Testing

/// `…/failures`: the Outlook writes the server refused, listed with their code and remedy, and
/// retried or dismissed by an operator (issue 11, defect 4).
@Suite("Failed items over the API")
struct FailedItemRouteTests {
    static let jane = MailboxAddress("jane@prextra.example")

    static func refusal(_ id: RecordID, maxAttempts: Int = 3) -> RefusedWrite {
        RefusedWrite(
            mailbox: jane, record: RecordKey(.appointment, id), itemID: nil, operation: "create",
            code: "ErrorCalendarEndDateIsEarlierThanStartDate", message: "EndDate is earlier than StartDate",
            remedy: "Correct the appointment's times in the ERP.", maxAttempts: maxAttempts)
    }

    @Test("listed per environment and mailbox, counted on the mailbox, retried back to zero attempts, dismissed for good")
    func listRetryDismiss() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        try await api.store.enrolMailbox(environment: "prextra", address: Self.jane)
        var work = UnitOfWork(environment: "prextra")
        work.recordRefusedWrite(Self.refusal("A1", maxAttempts: 1))
        work.recordRefusedWrite(Self.refusal("A2"))
        let receipt = try await api.store.commit(work)
        #expect(receipt.failedItems.map(\.state) == [.quarantined, .retrying])

        let list = try await api.request(.GET, "/v1/environments/prextra/failures")
        #expect(list.status == 200)
        let failures = try #require(list.json["failures"] as? [[String: Any]])
        #expect(failures.compactMap { $0["recordId"] as? String } == ["A1", "A2"])
        #expect(failures.first?["state"] as? String == "quarantined")
        #expect(failures.first?["code"] as? String == "ErrorCalendarEndDateIsEarlierThanStartDate")
        #expect(failures.first?["itemId"] is NSNull)
        #expect(failures.first?["remedy"] as? String == "Correct the appointment's times in the ERP.")
        let filtered = try await api.request(.GET, "/v1/environments/prextra/failures?mailbox=bob%40prextra.example")
        #expect((filtered.json["failures"] as? [Any])?.isEmpty == true)
        let mailbox = try await api.request(.GET, "/v1/environments/prextra/mailboxes/jane%40prextra.example")
        #expect(mailbox.json["failedItems"] as? Int == 2)

        let id = try #require(failures.first?["id"] as? Int)
        let retried = try await api.request(.POST, "/v1/environments/prextra/failures/\(id)/retry")
        #expect(retried.status == 200)
        #expect(retried.json["state"] as? String == "retrying")
        #expect(retried.json["attempts"] as? Int == 0)

        #expect(try await api.request(.DELETE, "/v1/environments/prextra/failures/\(id)").status == 204)
        let gone = try await api.request(.DELETE, "/v1/environments/prextra/failures/\(id)")
        #expect(gone.status == 404)
        #expect(gone.problemField == "failureId")
        #expect(try await api.request(.POST, "/v1/environments/prextra/failures/\(id)/retry").status == 404)
        #expect(try await api.request(.POST, "/v1/environments/prextra/failures/abc/retry").problemField == "failureId")
        // Another environment's key sees nothing of this one.
        #expect(try await api.request(.GET, "/v1/environments/prextra/failures", key: APIHarness.otherKey).status == 403)
        await api.stop()
    }
}
