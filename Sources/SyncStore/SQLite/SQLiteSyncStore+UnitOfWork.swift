import Foundation
import GRDB

extension SQLiteSyncStore: UnitOfWorkStore {
    @discardableResult
    public func commit(_ work: UnitOfWork) async throws -> CommitReceipt {
        let now = clock()
        let stamp = now.databaseValue
        let beforeOperation = beforeOperation
        return try await writing("commit a cycle's results", environment: work.environment) { db in
            let environment = work.environment
            try Self.requireEnvironment(db, environment)
            if let lease = work.lease { try Self.requireLease(db, lease, at: now) }
            var receipt = CommitReceipt()
            for (index, operation) in work.operations.enumerated() {
                try beforeOperation?(index, operation)
                switch operation {
                case .createLink(let link):
                    try Self.requireSameEnvironment(environment, link.environment)
                    try Self.createLink(db, link, stamp: stamp)
                case .updateLink(let link):
                    try Self.requireSameEnvironment(environment, link.environment)
                    try Self.updateLink(db, link, stamp: stamp)
                case .removeLink(let mailbox, let record):
                    try Self.removeLink(db, environment: environment, mailbox: mailbox, record: record)
                case .recordUncommittedWrite(let mailbox, let record, let itemID, let write):
                    try Self.recordUncommittedWrite(
                        db, environment: environment, mailbox: mailbox, record: record, itemID: itemID, write: write)
                case .confirmReadBack(let mailbox, let entity, let itemIDs):
                    try Self.confirmReadBack(db, environment: environment, mailbox: mailbox, entity: entity, itemIDs: itemIDs)
                case .setSyncState(let mailbox, let folderID, let from, let to):
                    try Self.setSyncState(
                        db, environment: environment, mailbox: mailbox, folderID: folderID, from: from, to: to, at: now)
                case .setCRMFeedPosition(let consumer, let from, let to):
                    try Self.setCRMFeedPosition(db, environment: environment, consumer: consumer, from: from, to: to, at: now)
                case .applyOutlookChange(let write):
                    let (version, crm, outlook) = try Self.applyOutlookChange(db, environment: environment, write, at: now)
                    receipt.recordVersions[write.record] = version
                    if let crm { receipt.crmChanges.append(crm) }
                    if let outlook { receipt.outlookChanges.append(outlook) }
                case .resolveIntent(let id, let state):
                    try Self.resolveIntent(db, environment: environment, id: id, state: state, at: now)
                case .logDecision(let decision):
                    receipt.decisionIDs.append(
                        try Self.logDecision(db, environment: environment, runID: work.runID, decision, stamp: stamp))
                case .recordConflict(let conflict):
                    receipt.conflictIDs.append(
                        try Self.recordConflict(db, environment: environment, runID: work.runID, conflict, at: now))
                case .recordRefusedWrite(let write):
                    receipt.failedItems.append(try Self.recordRefusedWrite(db, environment: environment, write, at: now))
                case .clearFailedItem(let mailbox, let record):
                    try Self.clearFailedItem(db, environment: environment, mailbox: mailbox, record: record)
                case .markMailboxSynced(let mailbox):
                    try Self.markMailboxSynced(db, environment: environment, address: mailbox, at: now)
                case .finishRun(let id, let outcome, let counts, let error):
                    try Self.finishRun(
                        db, environment: environment, id: id, outcome: outcome, counts: counts, error: error, at: now)
                }
            }
            return receipt
        }
    }

    private static func requireSameEnvironment(_ expected: String, _ found: String) throws {
        if expected != found { throw SyncStoreError.environmentMismatch(expected: expected, found: found) }
    }
}
