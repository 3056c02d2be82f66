import Foundation
import SyncEngine
import SyncStore

/// One mailbox's e-mail tracking pass: Inbox and Sent Items read from their cursors in rounds, a
/// page of each folder a round, each round's pages planned together against the environment's
/// ledger and written to the store, then the folders' cursors moved. Planning both folders
/// together links a reply in the Inbox to the original in Sent Items read in the same round (and
/// the other way round): read one folder after the other, the reply would be planned before its
/// original was tracked, and skipped for good once its cursor moved. A round's records are
/// written before its cursors move, and the writes are idempotent: a crash in between re-reads
/// the round and writes nothing new (no loss, no duplicate).
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
        var cursors: [EmailFolder: String?] = [:]
        for folder in EmailFolder.allCases {
            cursors[folder] = try await store.syncState(environment: environment, mailbox: mailbox, folderID: Self.cursorFolderID(folder))
        }
        var unfinished = EmailFolder.allCases
        while !unfinished.isEmpty {
            var pages: [(folder: EmailFolder, page: EmailFolderPage)] = []
            for folder in unfinished {
                let cursor = cursors[folder] ?? nil
                pages.append((folder, try await reader.read(folder, of: mailbox, cursor: cursor, receivedSince: since, maxChanges: 512)))
            }
            let plan = planner.plan(pages.flatMap(\.page.messages), ledger: ledger)
            let toRead = pages.reduce(into: [InternetMessageID: String]()) { $0.merge($1.page.attachmentsToRead) { first, _ in first } }
            let attachments = try await attachmentsOfTracked(plan, toRead: toRead, mailbox: mailbox)
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
            ledger = plan.ledger
            let moves = pages.map { (folderID: Self.cursorFolderID($0.folder), from: cursors[$0.folder] ?? nil, to: $0.page.nextCursor) }
            try await store.perform(environment: environment, lease: lease) { work in
                for move in moves { work.setSyncState(mailbox: mailbox, folderID: move.folderID, from: move.from, to: move.to) }
            }
            for (folder, page) in pages {
                outcome.outsideWindow += page.outsideWindow
                outcome.unreadable += page.unreadable
                outcome.pages += 1
                cursors[folder] = page.nextCursor
            }
            unfinished = pages.filter(\.page.hasMore).map(\.folder)
        }
        return outcome
    }

    /// The attachments of the messages this plan tracks that the round's pages did not describe
    /// (Graph): read only for those, in one call. Messages left untracked cost nothing.
    private func attachmentsOfTracked(
        _ plan: EmailTrackingPlan, toRead: [InternetMessageID: String], mailbox: MailboxAddress
    ) async throws -> [InternetMessageID: Result<[EmailAttachment], any Error>] {
        guard !toRead.isEmpty else { return [:] }
        var wanted: [(InternetMessageID, String)] = []
        for step in plan.steps {
            guard case .track(let email) = step, let id = toRead[email.internetMessageID] else { continue }
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
