import Foundation
import Synchronization
import SyncAPI
import SyncEngine
import SyncService
import SyncStore

/// The HTTP API on loopback, as `serve` runs it, for Graph's notifications to reach the service
/// under test: its `/v1/notifications/graph` route answers the validation handshake and hands
/// notifications to the `current` service.
final class NotificationReceiver: SyncOperations {
    let current = Mutex<SyncService?>(nil)
    private let server = Mutex<APIServer?>(nil)

    /// Starts the API; returns the notification URL.
    func start(store: any SyncStore, environment: String) async throws -> URL {
        let server = APIServer(
            configuration: APIServerConfiguration(host: "127.0.0.1", port: 0, environments: [environment], apiKeys: []),
            store: store, operations: self)
        self.server.withLock { $0 = server }
        return try await server.start().appendingPathComponent("v1/notifications/graph")
    }

    func stop() async { await server.withLock { $0 }?.stop() }

    func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
        SyncRequestReceipt(environment: environment, mailboxes: [])
    }

    func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
        VerificationSummary(environment: environment, succeeded: true, checks: [], diagnostics: [])
    }

    func isReady() async -> Bool { true }

    func receiveGraphNotification(_ delivery: GraphNotificationDelivery) async -> GraphNotificationReceipt {
        guard let service = current.withLock({ $0 }) else { return .notConfigured }
        return await service.receiveGraphNotification(delivery)
    }
}
