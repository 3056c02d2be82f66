import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Onboarding
import ServiceConfiguration
import SyncAPI
import SyncEngine
import SyncStore

/// A real API server on 127.0.0.1 over a real SQLite file, and a client that speaks to it
/// the way the ERP does.
struct APIHarness {
    static let allKey = "all-environments-key-0123456789abcdef"
    static let prextraKey = "prextra-only-key-0123456789abcdefgh"
    static let otherKey = "autreclient-only-key-0123456789abcdef"

    static let keys = [
        APIKeyConfiguration(name: "ops", key: Secret(allKey), source: .inline, environments: nil),
        APIKeyConfiguration(name: "erp-prextra", key: Secret(prextraKey), source: .inline, environments: ["prextra"]),
        APIKeyConfiguration(name: "erp-autre", key: Secret(otherKey), source: .inline, environments: ["autreClient"]),
    ]

    let directory: URL
    let storePath: String
    let store: SQLiteSyncStore
    let server: APIServer
    let baseURL: URL

    static func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("SyncAPITests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func start(
        directory: URL? = nil, environments: [String] = ["prextra", "autreClient"],
        operations: (any SyncOperations)? = nil, limits: APILimits = .default,
        clock: @escaping @Sendable () -> Date = { Date() },
        makeOperations: ((SQLiteSyncStore) throws -> any SyncOperations)? = nil,
        logger: Logger = Logger(label: "prextra-sync.api"), scrubber: SecretScrubber = SecretScrubber(secrets: []),
        invitations: ((SQLiteSyncStore) -> InvitationIssuer)? = nil
    ) async throws -> APIHarness {
        let directory = try directory ?? makeDirectory()
        let storePath = directory.appendingPathComponent("state.sqlite").path
        let store = try SQLiteSyncStore(path: storePath, clock: clock)
        let server = APIServer(
            configuration: APIServerConfiguration(
                host: "127.0.0.1", port: 0, environments: environments, apiKeys: keys, limits: limits, scrubber: scrubber),
            store: store, operations: try makeOperations?(store) ?? operations, invitations: invitations?(store), logger: logger)
        let baseURL = try await server.start()
        return APIHarness(directory: directory, storePath: storePath, store: store, server: server, baseURL: baseURL)
    }

    /// Stops the server and closes the store (the file stays, for a restart).
    func stop() async {
        await server.stop()
        try? store.close()
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }
        var text: String { String(decoding: body, as: UTF8.self) }
        var contentType: String? { headers.first(name: "Content-Type") }
        var problemField: String? { json["field"] as? String }
        var isProblem: Bool { contentType == "application/problem+json" }
    }

    func request(
        _ method: HTTPMethod, _ path: String, key: String? = APIHarness.allKey, headers: [(String, String)] = [],
        body: String? = nil
    ) async throws -> Answer {
        try await request(method, path, key: key, headers: headers, bytes: body.map { Data($0.utf8) })
    }

    func request(
        _ method: HTTPMethod, _ path: String, key: String? = APIHarness.allKey, headers: [(String, String)] = [],
        bytes: Data?
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL.absoluteString + path)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let bytes {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
    }

    /// Makes Outlook-side changes the way a cycle does: through a unit of work.
    func applyOutlookUpdates(environment: String = "prextra", record: RecordKey, mailbox: MailboxAddress, subjects: [String])
        async throws
    {
        for subject in subjects {
            var work = UnitOfWork(environment: environment)
            work.applyOutlookChange(
                OutlookRecordWrite(
                    record: record, mailbox: mailbox, itemID: "AAMk-\(record.id)",
                    change: .update(set: ["subject": .text(subject)], clear: []), expectedVersion: nil))
            _ = try await store.commit(work)
        }
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { self.now } }
}

import Synchronization
