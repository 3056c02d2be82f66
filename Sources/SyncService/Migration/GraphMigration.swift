import Foundation
import MicrosoftGraph
import SyncEngine
import SyncStore

/// Moves a mailbox's state from EWS to Microsoft Graph without writing to either side (issue 14):
/// - the EWS item id of each link is translated to its Graph immutable id (`translateExchangeIds`,
///   1,000 a call); bases, tags, change keys and pending intents stay as they are;
/// - the folders' EWS sync states are dropped, so that the first Graph cycle reads each folder
///   whole and finds every linked item under its own id (no tag search, no write);
/// - each translated link is a decision ("moved from EWS to Graph").
///
/// A mailbox moves in one unit of work, under its lease (a `serve` running it meanwhile makes the
/// move wait, never interleave): a crash leaves it as it was, and running the move again is safe,
/// since a Graph id does not translate as an EWS id and is left alone. A link whose item Graph
/// cannot find keeps its id; the first Graph cycle then treats it as vanished, as always.
public struct GraphMigration: Sendable {
    public let store: any SyncStore
    public let client: GraphClient
    public let environment: String
    public let worker: String
    /// Runs just before a mailbox's move is committed (tests stand a crash there).
    var beforeCommit: (@Sendable () async throws -> Void)?

    public init(store: any SyncStore, client: GraphClient, environment: String, worker: String) {
        self.store = store
        self.client = client
        self.environment = environment
        self.worker = worker
    }

    /// What the move did, or would do, to one mailbox.
    public struct MailboxReport: Sendable, Hashable, Codable {
        public var mailbox: MailboxAddress
        /// Links whose id was translated (or would be, in a dry run).
        public var translated: Int
        /// Links left as they are: already on Graph, or their item is gone.
        public var untranslated: Int
        /// Folder cursors (EWS sync states) dropped.
        public var cursorsDropped: Int
        /// Another worker holds the mailbox: nothing was done.
        public var busy: Bool
    }

    /// Moves one mailbox; with `dryRun`, reads and translates but stores nothing.
    public func migrate(_ mailbox: MailboxAddress, dryRun: Bool) async throws -> MailboxReport {
        let resource = LeaseResource.mailbox(environment: environment, address: mailbox)
        guard let lease = try await store.acquireLease(resource, holder: worker, duration: .seconds(300)) else {
            return MailboxReport(mailbox: mailbox, translated: 0, untranslated: 0, cursorsDropped: 0, busy: true)
        }
        do {
            let report = try await move(mailbox, lease: lease, dryRun: dryRun)
            try? await store.releaseLease(lease)
            return report
        } catch {
            try? await store.releaseLease(lease)
            throw error
        }
    }

    private func move(_ mailbox: MailboxAddress, lease: Lease, dryRun: Bool) async throws -> MailboxReport {
        let links = try await store.links(environment: environment, mailbox: mailbox, entity: nil).filter { !$0.itemID.isEmpty }
        let results = links.isEmpty ? [] : try await client.translateExchangeIDs(links.map(\.itemID), mailbox: mailbox.rawValue)
        var moved: [StoredLink] = []
        for (link, result) in zip(links, results) {
            guard let target = result.targetId, !target.isEmpty, target != link.itemID else { continue }
            var translated = link
            translated.itemID = target
            moved.append(translated)
        }
        var cursors: [(folder: String, state: String)] = []
        for kind in EntityKind.allCases {
            let folder = FolderName.of(kind)
            if let state = try await store.syncState(environment: environment, mailbox: mailbox, folderID: folder),
                !state.hasPrefix(client.configuration.baseURL.absoluteString)
            {
                cursors.append((folder, state))
            }
        }
        let report = MailboxReport(
            mailbox: mailbox, translated: moved.count, untranslated: links.count - moved.count, cursorsDropped: cursors.count, busy: false)
        guard !dryRun, !moved.isEmpty || !cursors.isEmpty else { return report }
        try await beforeCommit?()
        try await store.perform(environment: environment, lease: lease) { work in
            for link in moved {
                work.updateLink(link)
                work.logDecision(
                    Decision(
                        mailbox: mailbox, record: link.record, itemID: link.itemID, action: .link, target: .outlook,
                        reason: "moved from EWS to Microsoft Graph: the item's id translated, nothing written"))
            }
            for cursor in cursors {
                work.setSyncState(mailbox: mailbox, folderID: cursor.folder, from: cursor.state, to: nil)
            }
        }
        return report
    }
}
