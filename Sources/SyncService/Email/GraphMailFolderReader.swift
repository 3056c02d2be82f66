import Foundation
import MicrosoftGraph
import SyncEngine

/// Reads Inbox and Sent Items for tracking through Microsoft Graph: `messages/delta` with `$select`
/// of the needed properties, the sensitivity tag expanded, and on the first round
/// `$filter=receivedDateTime ge` the window. The cursor is the round's position (a nextLink
/// mid-round, the deltaLink once complete); steady state costs one request per folder.
/// A message whose sensitivity cannot be read is skipped (never tracked): it counts as unreadable.
public struct GraphMailFolderReader: EmailFolderReading {
    public let client: GraphClient

    public init(client: GraphClient) { self.client = client }

    static func folder(_ folder: EmailFolder) -> String {
        switch folder {
        case .inbox: "inbox"
        case .sentItems: "sentitems"
        }
    }

    public func read(_ folder: EmailFolder, of mailbox: MailboxAddress, cursor: String?, receivedSince: Date, maxChanges: Int) async throws
        -> EmailFolderPage
    {
        let query = client.messagesDelta(
            mailbox: mailbox.rawValue, folder: Self.folder(folder), select: GraphObservedEmailMapping.select, receivedSince: receivedSince,
            expandingExtendedProperty: GraphObservedEmailMapping.sensitivityProperty)
        var round = GraphDeltaRound(query, resumingFrom: cursor)
        let entries: [GraphDeltaEntry<GraphMessage>]
        do {
            entries = try await round.nextPage(from: client) ?? []
        } catch let error as GraphError where error.kind == .syncStateNotFound {
            // The sync state expired: the round starts again from the window (writes are idempotent).
            entries = try await round.nextPage(from: client) ?? []
        }
        var messages: [ObservedEmail] = []
        var unreadable = 0
        for entry in entries {
            guard case .changed(let message) = entry else { continue }
            if let observed = GraphObservedEmailMapping.observed(message, mailbox: mailbox, folder: folder) {
                messages.append(observed)
            } else {
                unreadable += 1
            }
        }
        return EmailFolderPage(messages: messages, nextCursor: round.position, hasMore: !round.isComplete, outsideWindow: 0, unreadable: unreadable)
    }
}
