import Foundation
import Logging
import SyncEngine
import SyncStore

extension SyncService {
    /// The e-mail tracking pass of a mailbox whose cycle just succeeded, under the cycle's lease.
    /// Its failure is logged and retried next cycle: it never fails the mailbox's cycle.
    func trackEmail(_ environment: SyncEnvironment, _ mailbox: MailboxAddress, lease: Lease?) async {
        guard let rules = environment.emailTracking else { return }
        let reader: any EmailFolderReading
        if let ews = environment.connector as? EWSMailboxConnector {
            reader = EWSMailFolderReader(client: ews.client)
        } else if let graph = environment.connector as? GraphMailboxConnector {
            reader = GraphMailFolderReader(client: graph.client)
        } else {
            logger.debug("this environment's connector reads no mail; its mailboxes are not tracked", metadata: ["environment": "\(environment.name)"])
            return
        }
        do {
            let planner = try await emailPlanner(environment, rules: rules)
            let tracker = EmailTracker(
                store: store, reader: reader, environment: environment.name, planner: planner, lookbackDays: environment.emailLookbackDays)
            let outcome = try await tracker.track(mailbox, now: clock(), lease: lease)
            if outcome.created + outcome.updated > 0 || !outcome.warnings.isEmpty {
                logger.info(
                    "e-mail tracked",
                    metadata: [
                        "environment": "\(environment.name)", "mailbox": "\(mailbox)", "created": "\(outcome.created)",
                        "updated": "\(outcome.updated)", "warnings": "\(outcome.warnings.values.reduce(0) { $0 + $1.count })",
                        "unreadable": "\(outcome.unreadable)",
                    ])
            }
        } catch {
            logger.error(
                "e-mail tracking failed; the next cycle tries again",
                metadata: ["environment": "\(environment.name)", "mailbox": "\(mailbox)", "error": "\(error)"])
        }
    }

    /// The planner of the environment: its contact records' addresses, its enrolled mailboxes left out.
    private func emailPlanner(_ environment: SyncEnvironment, rules: EmailTrackingRules) async throws -> EmailTrackingPlanner {
        let mailboxes = try await store.mailboxes(environment: environment.name, state: nil).map(\.address)
        var records: [StoredRecord] = []
        var seen = Set<RecordKey>()
        for owner in mailboxes {
            for record in try await store.records(environment: environment.name, ownedBy: owner, entity: .contact)
            where seen.insert(record.key).inserted {
                records.append(record)
            }
        }
        let enrolled = Set(mailboxes)
        return EmailTrackingPlanner(
            rules: rules, contacts: EmailContactDirectory(records: records, excluding: enrolled), enrolledMailboxes: enrolled)
    }
}
