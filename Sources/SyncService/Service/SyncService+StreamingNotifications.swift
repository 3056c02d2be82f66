import Foundation
import ServiceLifecycle
import SyncEngine

/// Near-real-time sync from Outlook on EWS: every environment whose connector streams its
/// changes (EWS streaming notifications, outbound only) listens from the service's start until
/// graceful shutdown; each change starts a debounced cycle of its mailbox, which reads the change
/// through its cursor like any other.
extension SyncService {
    func listenForStreamedChanges() async {
        await withTaskGroup(of: Void.self) { group in
            for environment in environments {
                guard let source = environment.connector as? any StreamingChangeSource else { continue }
                let name = environment.name
                let listener = StreamingChangeListener(
                    environment: name, source: source, kinds: environment.kinds, store: store, health: notificationHealth, logger: logger,
                    stillStreams: { [weak self] in self?.environment(named: name)?.connector is any StreamingChangeSource },
                    isMine: { [weak self] mailbox in self?.isAssignedHere(environment: name, mailbox: mailbox) ?? false }
                ) { [weak self] mailboxes in
                    self?.cycleSoon(environment: name, mailboxes: mailboxes)
                }
                group.addTask { try? await cancelWhenGracefulShutdown { await listener.run() } }
            }
        }
    }
}
