import Foundation
import Logging
import NIOHTTP1
import ServiceConfiguration
import SimulatorTestSupport
import SyncEngine
import Testing

@testable import SyncAPI

@Suite("Invalid input: problem+json naming the field, never a 500")
struct ProblemTests {
    struct Case: CustomStringConvertible {
        var method: HTTPMethodName
        var path: String
        var body: String?
        var status: Int
        var field: String?
        var description: String { "\(method) \(path) \(body ?? "")" }
    }

    static let contacts = "/v1/environments/prextra/contacts/C1"
    static let owners = #""owners":["jane@prextra.example"]"#

    static let cases: [Case] = [
        Case(method: .PUT, path: contacts, body: "{not json", status: 400, field: "body"),
        Case(method: .PUT, path: contacts, body: "", status: 400, field: "body"),
        Case(method: .PUT, path: contacts, body: "[1,2]", status: 400, field: "body"),
        Case(method: .PUT, path: contacts, body: #"{"owners":[]}"#, status: 400, field: "fields"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{}}"#, status: 400, field: "owners"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{},"owners":[],"extra":1}"#, status: 400, field: "extra"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{"nickname":"J"},\#(owners)}"#, status: 422, field: "fields.nickname"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{"givenName":42},\#(owners)}"#, status: 400, field: "fields.givenName"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{"businessAddress":{"planet":"Mars"}},\#(owners)}"#, status: 422, field: "fields.businessAddress.planet"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{"categories":"Prextra"},\#(owners)}"#, status: 400, field: "fields.categories"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{"categories":["a",7]},\#(owners)}"#, status: 400, field: "fields.categories[1]"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{},"owners":["not-an-address"]}"#, status: 400, field: "owners[0]"),
        Case(method: .PUT, path: contacts, body: #"{"fields":{},"owners":"jane@prextra.example"}"#, status: 400, field: "owners"),
        Case(method: .PUT, path: "/v1/environments/prextra/appointments/A1", body: #"{"fields":{"subject":"x"},\#(owners)}"#, status: 422, field: "fields.start"),
        Case(method: .PUT, path: "/v1/environments/prextra/appointments/A1", body: #"{"fields":{"start":"tomorrow"},\#(owners)}"#, status: 400, field: "fields.start"),
        Case(method: .PUT, path: "/v1/environments/prextra/appointments/A1", body: #"{"fields":{"start":"2026-12-01T09:00:00Z","end":"2026-12-01T10:00:00Z","startTimeZone":"Mars/Olympus"},\#(owners)}"#, status: 422, field: "fields.startTimeZone"),
        Case(method: .PUT, path: "/v1/environments/prextra/appointments/A1", body: #"{"fields":{"start":"2026-12-01T10:00:00Z","end":"2026-12-01T09:00:00Z","startTimeZone":"Europe/Paris","endTimeZone":"Europe/Paris"},\#(owners)}"#, status: 422, field: "fields.end"),
        Case(method: .PUT, path: "/v1/environments/prextra/tasks/T1", body: #"{"fields":{"status":"Finished"},\#(owners)}"#, status: 422, field: "fields.status"),
        Case(method: .PUT, path: "/v1/environments/prextra/tasks/T1", body: #"{"fields":{"dueDate":"2026-02-30"},\#(owners)}"#, status: 400, field: "fields.dueDate"),
        Case(method: .PUT, path: "/v1/environments/prextra/tasks/T1", body: #"{"fields":{"percentComplete":12.5},\#(owners)}"#, status: 400, field: "fields.percentComplete"),
        Case(method: .GET, path: "/v1/environments/prextra/changes?limit=0", status: 400, field: "limit"),
        Case(method: .GET, path: "/v1/environments/prextra/changes?limit=abc", status: 400, field: "limit"),
        Case(method: .GET, path: "/v1/environments/prextra/changes?after=-1", status: 400, field: "after"),
        Case(method: .GET, path: "/v1/environments/prextra/changes?after=99999999999999999999", status: 400, field: "after"),
        Case(method: .GET, path: "/v1/environments/prextra/decisions?entity=invoice", status: 400, field: "entity"),
        Case(method: .GET, path: "/v1/environments/prextra/decisions?id=C1", status: 400, field: "entity"),
        Case(method: .GET, path: "/v1/environments/prextra/conflicts?mailbox=nobody", status: 400, field: "mailbox"),
        Case(method: .GET, path: "/v1/environments/prextra/mailboxes?state=sleeping", status: 400, field: "state"),
        Case(method: .PUT, path: "/v1/environments/prextra/mailboxes/not-an-address", status: 400, field: "address"),
        Case(method: .GET, path: "/v1/environments/prextra/contacts/%01", status: 400, field: "id"),
        Case(method: .GET, path: "/v1/environments/prextra/contacts/" + String(repeating: "x", count: 300), status: 400, field: "id"),
        Case(method: .GET, path: "/v1/environments/prextra/invoices/I1", status: 404, field: nil),
        Case(method: .GET, path: "/nowhere", status: 404, field: nil),
    ]

    @Test("each invalid request gets its status and names its field", arguments: cases)
    func invalidRequests(_ request: Case) async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let answer = try await api.request(request.method.http, request.path, body: request.body)
        #expect(answer.status == request.status, "\(answer.text)")
        #expect(answer.isProblem)
        #expect(answer.json["status"] as? Int == request.status)
        #expect(answer.json["type"] as? String != nil)
        if let field = request.field { #expect(answer.problemField == field, "\(answer.text)") }
        await api.stop()
    }

    @Test("problems never repeat the submitted value")
    func noEcho() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let canary = "CANARY-7f3a9"
        let answer = try await api.request(
            .PUT, Self.contacts, body: #"{"fields":{"givenName":["\#(canary)"]},"owners":["\#(canary)"]}"#)
        #expect(answer.status == 400)
        #expect(!answer.text.contains(canary))
        await api.stop()
    }

    @Test("404, 403 and 412 messages name the field, never the submitted id, address or environment")
    func notFoundNeverEchoes() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let canary = "canary7f3a9"
        _ = try await api.request(.PUT, "/v1/environments/prextra/contacts/C1", body: #"{"fields":{"givenName":"Jean"},"owners":[]}"#)
        let requests: [(HTTPMethod, String, [(String, String)], String?, Int)] = [
            (.GET, "/v1/environments/prextra/contacts/\(canary)", [], nil, 404),
            (.DELETE, "/v1/environments/prextra/contacts/\(canary)", [], nil, 404),
            (.GET, "/v1/environments/prextra/mailboxes/\(canary)%40prextra.example", [], nil, 404),
            (.POST, "/v1/environments/prextra/mailboxes/\(canary)%40prextra.example/sync", [], nil, 404),
            (.GET, "/v1/environments/\(canary)/contacts/C1", [], nil, 404),
            (.GET, "/v1/environments/autreClient/contacts/\(canary)", [], nil, 404),
            (.PUT, "/v1/environments/prextra/contacts/\(canary)", [("If-Match", "*")], #"{"fields":{},"owners":[]}"#, 412),
            (.DELETE, "/v1/environments/prextra/failures/77", [], nil, 404),
        ]
        for (method, path, headers, body, status) in requests {
            let answer = try await api.request(method, path, headers: headers, body: body)
            #expect(answer.status == status, "\(method) \(path): \(answer.text)")
            // `instance` is the request's own path (RFC 9457); the message is what must not repeat it.
            let detail = answer.json["detail"] as? String ?? ""
            #expect(!detail.isEmpty && !detail.contains(canary), "\(method) \(path) repeats the submitted value: \(detail)")
        }
        let forbidden = try await api.request(.GET, "/v1/environments/prextra/contacts/C1", key: APIHarness.otherKey)
        #expect(forbidden.status == 403)
        #expect((forbidden.json["detail"] as? String)?.contains("prextra") == false, "\(forbidden.text)")
        await api.stop()
    }

    @Test("a body over the size limit gets 413")
    func bodyTooLarge() async throws {
        let api = try await APIHarness.start(limits: APILimits(maxBodyBytes: 1_024))
        defer { api.remove() }
        let notes = String(repeating: "n", count: 4_096)
        let answer = try await api.request(
            .PUT, Self.contacts, body: #"{"fields":{"notes":"\#(notes)"},"owners":[]}"#)
        #expect(answer.status == 413)
        #expect(answer.isProblem)
        #expect(answer.problemField == "body")
        await api.stop()
    }
    /// Issue 18, item 5: an unexpected error is logged with its cause, every configured secret
    /// redacted; the 500 itself says nothing about it.
    @Test("An unexpected 500 is logged with its cause, secrets redacted, and the answer says nothing of it")
    func unexpectedErrorIsLoggedWithItsCauseScrubbed() async throws {
        struct StoreDown: Error, CustomStringConvertible {
            var description: String { "could not reach postgres://sync:hunter2-db-password@db.internal/prextra (connection refused)" }
        }
        struct Operations: SyncOperations {
            func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt { throw StoreDown() }
            func isReady() async -> Bool { true }
            func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
                VerificationSummary(environment: environment, succeeded: true, checks: [], diagnostics: [])
            }
        }
        let lines = LogLines()
        let api = try await APIHarness.start(
            operations: Operations(), logger: Logger(label: "test", factory: { _ in LogLineHandler(lines: lines) }),
            scrubber: SecretScrubber(secrets: ["hunter2-db-password"]))
        defer { api.remove() }
        let answer = try await api.request(.POST, "/v1/environments/prextra/sync")
        #expect(answer.status == 500, "\(answer.text)")
        #expect(!answer.text.contains("postgres") && !answer.text.contains("hunter2"))
        let logged = lines.all.joined(separator: "\n")
        #expect(logged.contains("connection refused"), "the cause is logged: \(logged)")
        #expect(logged.contains("<redacted>"))
        #expect(!logged.contains("hunter2-db-password"))
        await api.stop()
    }

    /// An environment a customer onboards while `serve` runs brings a secret the configuration's
    /// scrubber never saw: it is redacted too, from the moment the environment is served.
    @Test("The secret of an environment enrolled while serving is redacted from logged errors")
    func adoptedEnvironmentsSecretIsRedacted() async throws {
        struct Leaky: Error, CustomStringConvertible {
            var description: String { "token request refused for client secret Adopted8Q~secret-value-0123 (AADSTS7000215)" }
        }
        struct Operations: SyncOperations {
            func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt { throw Leaky() }
            func isReady() async -> Bool { true }
            func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
                VerificationSummary(environment: environment, succeeded: true, checks: [], diagnostics: [])
            }
        }
        let lines = LogLines()
        let api = try await APIHarness.start(
            operations: Operations(), logger: Logger(label: "test", factory: { _ in LogLineHandler(lines: lines) }))
        defer { api.remove() }
        _ = try await api.request(.POST, "/v1/environments/prextra/sync")
        #expect(lines.all.joined().contains("Adopted8Q~secret-value-0123"), "not known yet: logged as is (the test can fail)")

        api.server.served.add("adopted", secrets: ["Adopted8Q~secret-value-0123"])
        let before = lines.all.count
        let answer = try await api.request(.POST, "/v1/environments/prextra/sync")
        #expect(answer.status == 500)
        let logged = lines.all.dropFirst(before).joined(separator: "\n")
        #expect(logged.contains("AADSTS7000215") && logged.contains("<redacted>"), "\(logged)")
        #expect(!logged.contains("Adopted8Q~secret-value-0123"))
        await api.stop()
    }
}
