import Foundation
import PostgresNIO

extension PostgresSyncStore: UnitOfWorkStore {
    /// Applies the operations in order in one transaction. A unit of work that changes records
    /// (or may append a `failed` entry to the Outlook feed) locks its environment first (see
    /// `lockEnvironment`); one that only moves links and cursors does not, so different mailboxes'
    /// cycles commit in parallel. Consecutive `createLink` operations go to the database as one
    /// bulk insert. The lease, when the work names one, is checked inside the transaction and its
    /// row stays locked (`FOR SHARE`) until the commit, so that it cannot be taken over between
    /// the check and the commit.
    @discardableResult
    public func commit(_ work: UnitOfWork) async throws -> CommitReceipt {
        let now = now()
        let judgedNow = judgedNow
        let beforeOperation = beforeOperation
        return try await transaction("commit a cycle's results", environment: work.environment) { db in
            let environment = work.environment
            let appendsToFeeds = work.operations.contains { operation in
                switch operation {
                case .applyOutlookChange, .recordRefusedWrite: true
                default: false
                }
            }
            if appendsToFeeds {
                try await Self.lockEnvironment(db, environment)
            } else {
                try await Self.requireEnvironment(db, environment)
            }
            if let lease = work.lease { try await Self.requireLease(db, lease, at: judgedNow, locking: true) }
            var receipt = CommitReceipt()
            var pendingLinks: [StoredLink] = []
            func flushLinks() async throws {
                guard !pendingLinks.isEmpty else { return }
                try await Self.createLinks(db, environment: environment, pendingLinks, stamp: now)
                pendingLinks.removeAll()
            }
            for (index, operation) in work.operations.enumerated() {
                try beforeOperation?(index, operation)
                if case .createLink(let link) = operation {
                    try Self.requireSameEnvironment(environment, link.environment)
                    pendingLinks.append(link)
                    continue
                }
                try await flushLinks()
                switch operation {
                case .createLink:
                    break
                case .updateLink(let link):
                    try Self.requireSameEnvironment(environment, link.environment)
                    try await Self.updateLink(db, link, stamp: now)
                case .removeLink(let mailbox, let record):
                    try await Self.removeLink(db, environment: environment, mailbox: mailbox, record: record)
                case .recordUncommittedWrite(let mailbox, let record, let itemID, let write):
                    try await Self.recordUncommittedWrite(
                        db, environment: environment, mailbox: mailbox, record: record, itemID: itemID, write: write)
                case .confirmReadBack(let mailbox, let entity, let itemIDs):
                    try await Self.confirmReadBack(
                        db, environment: environment, mailbox: mailbox, entity: entity, itemIDs: itemIDs)
                case .setSyncState(let mailbox, let folderID, let from, let to):
                    try await Self.setSyncState(
                        db, environment: environment, mailbox: mailbox, folderID: folderID, from: from, to: to, at: now)
                case .setCRMFeedPosition(let consumer, let from, let to):
                    try await Self.setCRMFeedPosition(
                        db, environment: environment, consumer: consumer, from: from, to: to, at: now)
                case .applyOutlookChange(let write):
                    let (version, crm, outlook) = try await Self.applyOutlookChange(
                        db, environment: environment, write, at: now)
                    receipt.recordVersions[write.record] = version
                    if let crm { receipt.crmChanges.append(crm) }
                    if let outlook { receipt.outlookChanges.append(outlook) }
                case .resolveIntent(let id, let state):
                    try await Self.resolveIntent(db, environment: environment, id: id, state: state, at: now)
                case .logDecision(let decision):
                    receipt.decisionIDs.append(
                        try await Self.logDecision(db, environment: environment, runID: work.runID, decision, at: now))
                case .recordConflict(let conflict):
                    receipt.conflictIDs.append(
                        try await Self.recordConflict(db, environment: environment, runID: work.runID, conflict, at: now))
                case .recordRefusedWrite(let write):
                    receipt.failedItems.append(
                        try await Self.recordRefusedWrite(db, environment: environment, write, at: now))
                case .clearFailedItem(let mailbox, let record):
                    try await Self.clearFailedItem(db, environment: environment, mailbox: mailbox, record: record)
                case .markMailboxSynced(let mailbox):
                    try await Self.markMailboxSynced(db, environment: environment, address: mailbox, at: now)
                case .finishRun(let id, let outcome, let counts, let error):
                    try await Self.finishRun(
                        db, environment: environment, id: id, outcome: outcome, counts: counts, error: error, at: now)
                }
            }
            try await flushLinks()
            return receipt
        }
    }

    private static func requireSameEnvironment(_ expected: String, _ found: String) throws {
        if expected != found { throw SyncStoreError.environmentMismatch(expected: expected, found: found) }
    }
}
