import Foundation
import SyncEngine
import SyncStore
import Synchronization
import Testing

@testable import SyncAPI

/// Records what the API asked of the service.
final class RecordingOperations: SyncOperations {
    let requests = Mutex<[(String, MailboxAddress?)]>([])

    func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
        requests.withLock { $0.append((environment, mailbox)) }
        return SyncRequestReceipt(environment: environment, mailboxes: mailbox.map { [$0.rawValue] } ?? ["all"])
    }

    func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
        VerificationSummary(
            environment: environment, succeeded: false,
            checks: [.init(name: "token", status: "failed", detail: "AADSTS7000215")], diagnostics: [])
    }

    func isReady() async -> Bool { true }
}

@Suite("Mailboxes, sync triggers, verify, history and metrics")
struct MailboxAndOperationTests {
    @Test("enrol (201, then 200), status, list, disable")
    func mailboxes() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let path = "/v1/environments/prextra/mailboxes/Jane.Doe%40prextra.example"
        let enrolled = try await api.request(.PUT, path)
        #expect(enrolled.status == 201)
        #expect(enrolled.json["address"] as? String == "jane.doe@prextra.example")
        #expect(enrolled.json["state"] as? String == "enrolled")
        #expect(enrolled.json["lastSuccessAt"] is NSNull)
        #expect((enrolled.json["itemCounts"] as? [String: Int])?["contact"] == 0)
        #expect(try await api.request(.PUT, path).status == 200)
        let status = try await api.request(.GET, path)
        #expect(status.status == 200)
        let list = try await api.request(.GET, "/v1/environments/prextra/mailboxes")
        #expect((list.json["mailboxes"] as? [[String: Any]])?.count == 1)
        let disabled = try await api.request(.DELETE, path)
        #expect(disabled.status == 200)
        #expect(disabled.json["state"] as? String == "disabled")
        let enrolledOnly = try await api.request(.GET, "/v1/environments/prextra/mailboxes?state=enrolled")
        #expect((enrolledOnly.json["mailboxes"] as? [Any])?.isEmpty == true)
        #expect(try await api.request(.GET, "/v1/environments/prextra/mailboxes/nobody%40prextra.example").status == 404)
        #expect(try await api.request(.DELETE, "/v1/environments/prextra/mailboxes/nobody%40prextra.example").status == 404)
        await api.stop()
    }

    @Test("sync now for an environment or an enrolled mailbox reaches the service")
    func syncTrigger() async throws {
        let operations = RecordingOperations()
        let api = try await APIHarness.start(operations: operations)
        defer { api.remove() }
        #expect(try await api.request(.POST, "/v1/environments/prextra/sync").status == 202)
        #expect(try await api.request(.POST, "/v1/environments/prextra/mailboxes/jane%40prextra.example/sync").status == 404)
        _ = try await api.request(.PUT, "/v1/environments/prextra/mailboxes/jane%40prextra.example")
        let mailbox = try await api.request(.POST, "/v1/environments/prextra/mailboxes/jane%40prextra.example/sync")
        #expect(mailbox.status == 202)
        #expect(mailbox.json["mailboxes"] as? [String] == ["jane@prextra.example"])
        let requests = operations.requests.withLock { $0.map { "\($0.0) \($0.1?.rawValue ?? "-")" } }
        #expect(requests == ["prextra -", "prextra jane@prextra.example"])
        let verify = try await api.request(.POST, "/v1/environments/prextra/verify")
        #expect(verify.status == 200)
        #expect(verify.json["succeeded"] as? Bool == false)
        await api.stop()
    }

    @Test("without a sync service, sync answers 409, not 5xx")
    func noService() async throws {
        let api = try await APIHarness.start(operations: nil)
        defer { api.remove() }
        let answer = try await api.request(.POST, "/v1/environments/prextra/sync")
        #expect(answer.status == 409)
        #expect(answer.isProblem)
        await api.stop()
    }

    @Test("decisions and conflicts are read newest first, filtered by record")
    func history() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let jane = MailboxAddress("jane@prextra.example")
        try await api.store.enrolMailbox(environment: "prextra", address: jane)
        var work = UnitOfWork(environment: "prextra")
        work.logDecision(Decision(mailbox: jane, record: RecordKey(.contact, "C1"), itemID: "I1", action: .create, target: .outlook, reason: "new record owned by the mailbox"))
        work.logDecision(Decision(mailbox: jane, record: RecordKey(.contact, "C2"), itemID: "I2", action: .skip, target: .neither, reason: "the item has no Prextra category"))
        work.recordConflict(Conflict(
            mailbox: jane, record: RecordKey(.contact, "C1"), itemID: "I1",
            fields: [ConflictField(name: "surname", base: .text("Doe"), crm: .text("Dupont"), outlook: nil)],
            policy: "crm-wins", winner: .crm))
        _ = try await api.store.commit(work)

        let all = try await api.request(.GET, "/v1/environments/prextra/decisions")
        let reasons = (all.json["decisions"] as? [[String: Any]])?.compactMap { $0["reason"] as? String }
        #expect(reasons == ["the item has no Prextra category", "new record owned by the mailbox"])
        let one = try await api.request(.GET, "/v1/environments/prextra/decisions?entity=contact&id=C1&limit=1")
        #expect((one.json["decisions"] as? [[String: Any]])?.first?["action"] as? String == "create")
        let conflicts = try await api.request(.GET, "/v1/environments/prextra/conflicts?mailbox=jane%40prextra.example")
        let conflict = (conflicts.json["conflicts"] as? [[String: Any]])?.first
        #expect(conflict?["winner"] as? String == "crm")
        let field = (conflict?["fields"] as? [[String: Any]])?.first
        #expect(field?["crm"] as? String == "Dupont")
        #expect(field?["outlook"] is NSNull)
        await api.stop()
    }

    @Test("/metrics counts requests by route pattern, not by concrete path")
    func metrics() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        _ = try await api.request(.GET, "/v1/environments/prextra/contacts/secret-record-id")
        let metrics = try await api.request(.GET, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("prextra_api_requests_total"))
        #expect(metrics.text.contains("/v1/environments/{environment}/contacts/{id}"))
        #expect(!metrics.text.contains("secret-record-id"))
        await api.stop()
    }

    @Test("/metrics gives the days left before each environment's credential expires")
    func credentialExpiryDays() async throws {
        struct Operations: SyncOperations {
            func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
                throw CancellationError()
            }
            func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
                VerificationSummary(environment: environment, succeeded: true, checks: [], diagnostics: [])
            }
            func isReady() async -> Bool { true }
            func environmentFacts() async -> [EnvironmentFacts] {
                [
                    EnvironmentFacts(name: "prextra", api: "graph", credentialExpiresOn: Date().addingTimeInterval(12.5 * 86_400), usesExchangeOnlineEWS: false),
                    EnvironmentFacts(name: "autreClient", api: "ews", credentialExpiresOn: nil, usesExchangeOnlineEWS: true),
                ]
            }
        }
        let api = try await APIHarness.start(operations: Operations())
        defer { api.remove() }
        let metrics = try await api.request(.GET, "/metrics")
        #expect(metrics.text.contains(#"prextra_credential_expiry_days{environment="prextra"} 12"#), "\(metrics.text)")
        #expect(!metrics.text.contains(#"prextra_credential_expiry_days{environment="autreClient"}"#), "unknown expiry: no figure")
        await api.stop()
    }
}
