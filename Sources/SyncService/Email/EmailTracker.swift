import Foundation
import SyncEngine
import SyncStore

/// One mailbox's e-mail tracking pass: Inbox and Sent Items read from their cursors, each page
/// planned against the environment's ledger and written to the store, then the folder's cursor
/// moved. A page's records are written before its cursor moves, and the writes are idempotent:
/// a crash in between re-reads the page and writes nothing new (no loss, no duplicate).
public struct EmailTracker: Sendable {
    public let store: any SyncStore
    public let reader: any EmailFolderReading
    public let environment: String
    public let planner: EmailTrackingPlanner
    /// The first sync reads messages received this many days back.
    public let lookbackDays: Int

    public init(store: any SyncStore, reader: any EmailFolderReading, environment: String, planner: EmailTrackingPlanner, lookbackDays: Int) {
        self.store = store
        self.reader = reader
        self.environment = environment
        self.planner = planner
        self.lookbackDays = lookbackDays
    }

    /// Where a folder's cursor is kept among the mailbox's sync states.
    public static func cursorFolderID(_ folder: EmailFolder) -> String { "email:\(folder.rawValue)" }

    public struct Outcome: Sendable, Hashable {
        public var created = 0
        public var updated = 0
        public var pages = 0
        public var skipped: [EmailTrackingPlan.SkipReason: Int] = [:]
        public var outsideWindow = 0
        public var unreadable = 0
        /// Warnings of the records created (cut bodies, malformed addresses…), by record.
        public var warnings: [String: [String]] = [:]

        public init() {}
    }

    public func track(_ mailbox: MailboxAddress, now: Date, lease: Lease? = nil) async throws -> Outcome {
        var outcome = Outcome()
        guard planner.rules.mode != .off else { return outcome }
        let since = now.addingTimeInterval(-Double(lookbackDays) * 86_400)
        var ledger = try await store.trackedEmailLedger(environment: environment)
        for folder in EmailFolder.allCases {
            let folderID = Self.cursorFolderID(folder)
            var cursor = try await store.syncState(environment: environment, mailbox: mailbox, folderID: folderID)
            var page: EmailFolderPage
            repeat {
                page = try await reader.read(folder, of: mailbox, cursor: cursor, receivedSince: since, maxChanges: 512)
                let plan = planner.plan(page.messages, ledger: ledger)
                let attachments = try await attachmentsOfTracked(plan, page: page, mailbox: mailbox)
                for step in plan.steps {
                    switch step {
                    case .track(var email):
                        if let read = attachments[email.internetMessageID] {
                            switch read {
                            case .success(let list): email.attachments = list
                            case .failure(let error): email.warnings.append("attachments not read: \(error)")
                            }
                        }
                        record(try await store.recordTrackedEmail(email, environment: environment, at: now), warnings: email.warnings, into: &outcome)
                    case .addSighting(let id, let seenIn, _):
                        record(try await store.addEmailSighting(id, mailbox: seenIn, environment: environment, at: now), warnings: [], into: &outcome)
                    }
                }
                for skip in plan.skipped { outcome.skipped[skip.reason, default: 0] += 1 }
                outcome.outsideWindow += page.outsideWindow
                outcome.unreadable += page.unreadable
                outcome.pages += 1
                ledger = plan.ledger
                let from = cursor
                try await store.perform(environment: environment, lease: lease) { work in
                    work.setSyncState(mailbox: mailbox, folderID: folderID, from: from, to: page.nextCursor)
                }
                cursor = page.nextCursor
            } while page.hasMore
        }
        return outcome
    }

    /// The attachments of the messages this plan tracks that the page did not describe (Graph):
    /// read only for those, in one call. Messages left untracked cost nothing.
    private func attachmentsOfTracked(_ plan: EmailTrackingPlan, page: EmailFolderPage, mailbox: MailboxAddress) async throws
        -> [InternetMessageID: Result<[EmailAttachment], any Error>]
    {
        guard !page.attachmentsToRead.isEmpty else { return [:] }
        var wanted: [(InternetMessageID, String)] = []
        for step in plan.steps {
            guard case .track(let email) = step, let id = page.attachmentsToRead[email.internetMessageID] else { continue }
            wanted.append((email.internetMessageID, id))
        }
        guard !wanted.isEmpty else { return [:] }
        let answers = try await reader.attachments(of: wanted.map(\.1), in: mailbox)
        var result: [InternetMessageID: Result<[EmailAttachment], any Error>] = [:]
        for (internetMessageID, id) in wanted {
            result[internetMessageID] = answers[id] ?? .failure(MissingAttachmentAnswer())
        }
        return result
    }

    /// The reader gave no answer for a message whose attachments it was asked for.
    struct MissingAttachmentAnswer: Error, CustomStringConvertible {
        var description: String { "the reader gave no answer for this message" }
    }

    private func record(_ result: EmailWriteOutcome, warnings: [String], into outcome: inout Outcome) {
        switch result {
        case .created(let stored):
            outcome.created += 1
            if !warnings.isEmpty { outcome.warnings[stored.recordID.rawValue] = warnings }
        case .updated: outcome.updated += 1
        case .unchanged, .unknown: break
        }
    }
}
