import Foundation
import SyncEngine
import SyncStore
import Testing

@testable import SyncAPI

@Suite("API keys and environment scoping")
struct AuthenticationTests {
    @Test("health endpoints answer without a key; everything else needs one")
    func healthIsOpen() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let health = try await api.request(.GET, "/healthz", key: nil)
        #expect(health.status == 200)
        let ready = try await api.request(.GET, "/readyz", key: nil)
        #expect(ready.status == 200)
        for path in ["/v1/environments", "/v1/environments/prextra/changes", "/metrics", "/v1/environments/prextra/contacts/C1"] {
            let answer = try await api.request(.GET, path, key: nil)
            #expect(answer.status == 401, "\(path)")
            #expect(answer.isProblem)
            #expect(answer.problemField == "Authorization")
            #expect(answer.headers.first(name: "WWW-Authenticate")?.hasPrefix("Bearer") == true)
        }
        let wrong = try await api.request(.GET, "/v1/environments", key: "not-a-configured-key-00000000000")
        #expect(wrong.status == 401)
        // The key is never echoed back.
        #expect(!wrong.text.contains("not-a-configured-key"))
        await api.stop()
    }

    /// Issue 18, item 5: readiness tells the truth about each environment, and a broken one does
    /// not make the process unready.
    @Test("readyz lists each environment's state; a failing or unavailable one leaves the process ready")
    func readinessListsEnvironments() async throws {
        struct Operations: SyncOperations {
            func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
                SyncRequestReceipt(environment: environment, mailboxes: [])
            }
            func isReady() async -> Bool { true }
            func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
                VerificationSummary(environment: environment, succeeded: true, checks: [], diagnostics: [])
            }
            func unavailableEnvironments() async -> [String: String] { ["autreClient": "certificate unreadable: /secret/path.pem"] }
        }
        let api = try await APIHarness.start(operations: Operations())
        defer { api.remove() }
        try await api.store.registerEnvironment("prextra", configFingerprint: nil)
        try await api.store.enrolMailbox(environment: "prextra", address: "ok@prextra.example")
        try await api.store.enrolMailbox(environment: "prextra", address: "broken@prextra.example")
        try await api.store.recordSyncFailure(
            environment: "prextra", address: "broken@prextra.example", message: "token refused", diagnostic: nil)

        let ready = try await api.request(.GET, "/readyz", key: nil)
        #expect(ready.status == 200, "\(ready.text)")
        let object = try #require(try JSONSerialization.jsonObject(with: ready.body) as? [String: Any])
        let states = try #require(object["environments"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: states.map { ($0["name"] as? String ?? "", $0) })
        #expect(byName["prextra"]?["state"] as? String == "degraded")
        #expect(byName["prextra"]?["enrolledMailboxes"] as? Int == 2)
        #expect(byName["prextra"]?["failingMailboxes"] as? Int == 1)
        #expect(byName["autreClient"]?["state"] as? String == "unavailable")
        #expect(!ready.text.contains("broken@prextra.example") && !ready.text.contains("/secret/path.pem"), "no address, no reason")
        await api.stop()
    }

    @Test("a key scoped to one environment can neither read nor write another")
    func scopedKeyStaysInItsEnvironment() async throws {
        let api = try await APIHarness.start()
        defer { api.remove() }
        let body = #"{"fields":{"givenName":"Jane"},"owners":["jane@prextra.example"]}"#
        // The other environment's key writes a record there.
        let created = try await api.request(.PUT, "/v1/environments/autreClient/contacts/C1", key: APIHarness.otherKey, body: body)
        #expect(created.status == 201)

        // The prextra key can do nothing in autreClient: read, write, delete, feed, mailboxes, sync, history.
        let forbidden: [(method: HTTPMethodName, path: String, body: String?)] = [
            (.GET, "/v1/environments/autreClient/contacts/C1", nil),
            (.PUT, "/v1/environments/autreClient/contacts/C1", body),
            (.PUT, "/v1/environments/autreClient/contacts/C2", body),
            (.DELETE, "/v1/environments/autreClient/contacts/C1", nil),
            (.GET, "/v1/environments/autreClient/changes", nil),
            (.GET, "/v1/environments/autreClient/mailboxes", nil),
            (.PUT, "/v1/environments/autreClient/mailboxes/x%40autre.example", nil),
            (.POST, "/v1/environments/autreClient/sync", nil),
            (.GET, "/v1/environments/autreClient/decisions", nil),
            (.GET, "/v1/environments/AUTRECLIENT/conflicts", nil),
        ]
        for request in forbidden {
            let answer = try await api.request(request.method.http, request.path, key: APIHarness.prextraKey, body: request.body)
            #expect(answer.status == 403, "\(request.method) \(request.path)")
            #expect(answer.isProblem)
            #expect(answer.problemField == "environment")
        }
        // Nothing changed there: still version 1, and C2 does not exist.
        let record = try await api.request(.GET, "/v1/environments/autreClient/contacts/C1", key: APIHarness.otherKey)
        #expect(record.status == 200)
        #expect(record.headers.first(name: "ETag") == "\"1\"")
        let absent = try await api.request(.GET, "/v1/environments/autreClient/contacts/C2", key: APIHarness.otherKey)
        #expect(absent.status == 404)
        // An unknown environment answers 403 to a scoped key too: it learns nothing about which exist.
        let unknown = try await api.request(.GET, "/v1/environments/nobody/changes", key: APIHarness.prextraKey)
        #expect(unknown.status == 403)
        let unknownForAll = try await api.request(.GET, "/v1/environments/nobody/changes")
        #expect(unknownForAll.status == 404)

        // Its own environment works, and the list shows only it.
        let own = try await api.request(.PUT, "/v1/environments/prextra/contacts/C1", key: APIHarness.prextraKey, body: body)
        #expect(own.status == 201)
        let list = try await api.request(.GET, "/v1/environments", key: APIHarness.prextraKey)
        let names = (list.json["environments"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["prextra"])
        #expect((list.json["environments"] as? [[String: Any]])?.first?["api"] == nil, "no service has chosen an API yet")
        // Once a service has chosen the API, the list shows it.
        try await api.store.recordAPIChoice(
            environment: "prextra", StoredAPIChoice(api: "graph", automatic: true, notice: nil, decidedAt: Date()))
        let chosen = try await api.request(.GET, "/v1/environments", key: APIHarness.prextraKey)
        let choice = (chosen.json["environments"] as? [[String: Any]])?.first?["api"] as? [String: Any]
        #expect(choice?["api"] as? String == "graph" && choice?["automatic"] as? Bool == true && choice?["decidedAt"] is String)
        // Metrics cover every environment: a scoped key may not read them.
        #expect(try await api.request(.GET, "/metrics", key: APIHarness.prextraKey).status == 403)
        await api.stop()
    }

    @Test("keys are kept as SHA-256 digests and compared whole")
    func digests() {
        let authenticator = APIKeyAuthenticator(keys: APIHarness.keys)
        #expect(authenticator.authenticate(key: APIHarness.prextraKey)?.name == "erp-prextra")
        #expect(authenticator.authenticate(key: String(APIHarness.prextraKey.dropLast())) == nil)
        #expect(authenticator.authenticate(key: APIHarness.prextraKey + "x") == nil)
        #expect(authenticator.entries.allSatisfy { $0.digest.bytes.count == 32 })
        #expect(APIKeyAuthenticator.bearerKey(from: "Bearer abc") == "abc")
        #expect(APIKeyAuthenticator.bearerKey(from: "Basic abc") == nil)
        #expect(APIKeyAuthenticator.bearerKey(from: "Bearer ") == nil)
    }

    @Test("a key that sends too fast gets 429 with Retry-After; other keys are not slowed")
    func rateLimit() async throws {
        let api = try await APIHarness.start(limits: APILimits(requestsPerSecond: 0.001, burst: 3))
        defer { api.remove() }
        for _ in 0..<3 {
            #expect(try await api.request(.GET, "/v1/environments/prextra/changes", key: APIHarness.prextraKey).status == 200)
        }
        let limited = try await api.request(.GET, "/v1/environments/prextra/changes", key: APIHarness.prextraKey)
        #expect(limited.status == 429)
        #expect(limited.isProblem)
        #expect(Int(limited.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
        #expect(try await api.request(.GET, "/v1/environments/prextra/changes", key: APIHarness.allKey).status == 200)
        await api.stop()
    }
}

extension AuthenticationTests {
    @Test("requests without a valid key are limited per address before any key is looked at (issue 18, item 7)")
    func unauthenticatedFlood() async throws {
        let api = try await APIHarness.start(limits: APILimits(unauthenticatedBurst: 5, unauthenticatedRequestsPerSecond: 0.001))
        defer { api.remove() }
        for attempt in 0..<5 {
            let guessed = try await api.request(.GET, "/v1/environments/prextra/changes", key: "guess-\(attempt)-0123456789abcdefghij")
            #expect(guessed.status == 401)
        }
        let flooded = try await api.request(.GET, "/v1/environments/prextra/changes", key: "guess-6-0123456789abcdefghij")
        #expect(flooded.status == 429)
        #expect(flooded.isProblem)
        #expect(Int(flooded.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
        #expect(try await api.request(.GET, "/v1/environments/prextra/changes", key: nil).status == 429)
        // The address is refused before its key is read: a flood cannot probe keys any more.
        #expect(try await api.request(.GET, "/v1/environments/prextra/changes", key: APIHarness.prextraKey).status == 429)
        // Health checks need no key and stay open.
        #expect(try await api.request(.GET, "/healthz", key: nil).status == 200)
        await api.stop()
    }
}

/// HTTP methods by name, for tables of requests.
enum HTTPMethodName: String, CustomStringConvertible {
    case GET, PUT, POST, DELETE
    var description: String { rawValue }
    var http: NIOHTTP1.HTTPMethod {
        switch self {
        case .GET: .GET
        case .PUT: .PUT
        case .POST: .POST
        case .DELETE: .DELETE
        }
    }
}

import NIOHTTP1
