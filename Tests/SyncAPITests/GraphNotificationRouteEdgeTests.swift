import Foundation
import SyncService
import Testing

/// What a fuzzer (or a stranger) can send to the open notification route: every answer is one
/// of the statuses `openapi/prextra-sync.yaml` documents for it, with its documented content type.
@Suite("The Graph notification route answers odd requests with documented statuses")
struct GraphNotificationRouteEdgeTests {
    @Test func oddRequests() async throws {
        let operations = LateServiceOperations()
        let api = try await APIHarness.start(operations: operations)
        operations.service.withLock { $0 = SyncService(store: api.store, environments: []) }
        defer { api.remove() }
        let path = "/v1/notifications/graph"

        let long = String(repeating: "a b:", count: 2000)
        let encoded = long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let echoed = try await api.request(.POST, path + "?validationToken=" + encoded, key: nil)
        #expect(echoed.status == 200)
        #expect(echoed.text == long)
        #expect(echoed.contentType?.hasPrefix("text/plain") == true)

        let empty = try await api.request(.POST, path + "?validationToken=", key: nil)
        #expect(empty.status == 200)
        #expect(empty.text.isEmpty)

        for body in ["not json", "[]", #"{"value": 3}"#, #"{"value": [{"subscriptionId": 7}]}"#, ""] {
            let answer = try await api.request(.POST, path, key: nil, body: body)
            #expect(answer.status == 400, "\(body)")
            #expect(answer.isProblem)
        }
        let plain = try await api.request(.POST, path, key: nil, headers: [("Content-Type", "text/plain")])
        #expect(plain.status == 400)

        #expect(try await api.request(.POST, path, key: nil, body: #"{"value": [], "extra": true}"#).status == 202)
        let forged = try await api.request(
            .POST, path, key: nil, body: #"{"value": [{"subscriptionId": "nope", "clientState": "guess", "changeType": "updated"}]}"#)
        #expect(forged.status == 403)
        #expect(forged.isProblem)

        let huge = try await api.request(.POST, path, key: nil, bytes: Data(repeating: UInt8(ascii: " "), count: 2 << 20))
        #expect(huge.status == 413)
        #expect(huge.isProblem)
        await api.stop()
    }
}
