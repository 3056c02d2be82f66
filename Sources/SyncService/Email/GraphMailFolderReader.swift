import Foundation
import MicrosoftGraph
import SyncEngine

/// Reads Inbox and Sent Items for tracking through Microsoft Graph: `messages/delta` with `$select`
/// of the needed properties, the sensitivity tag expanded, and on the first round
/// `$filter=receivedDateTime ge` the window. The cursor is the round's position (a nextLink
/// mid-round, the deltaLink once complete); steady state costs one request per folder.
/// A message whose sensitivity cannot be read is skipped (never tracked): it counts as unreadable.
/// Delta says only `hasAttachments`; the attachments' metadata of the messages that are tracked
/// are read afterwards, 20 messages per `$batch`, never their content (`attachments(of:in:)`).
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
        var attachmentsToRead: [InternetMessageID: String] = [:]
        for entry in entries {
            guard case .changed(let message) = entry else { continue }
            if let observed = GraphObservedEmailMapping.observed(message, mailbox: mailbox, folder: folder) {
                messages.append(observed)
                if message.hasAttachments == true, let id = message.id, let internetMessageID = observed.internetMessageID {
                    attachmentsToRead[internetMessageID] = id
                }
            } else {
                unreadable += 1
            }
        }
        return EmailFolderPage(
            messages: messages, nextCursor: round.position, hasMore: !round.isComplete, outsideWindow: 0, unreadable: unreadable,
            attachmentsToRead: attachmentsToRead)
    }

    /// `GET …/messages/{id}/attachments?$select=name,contentType,size,isInline` for each message,
    /// through `$batch` (20 per request). A message answered with an error (gone, refused) is a
    /// failure of its own; a `$batch` that fails as a whole throws.
    public func attachments(of messageIDs: [String], in mailbox: MailboxAddress) async throws
        -> [String: Result<[EmailAttachment], any Error>]
    {
        guard !messageIDs.isEmpty else { return [:] }
        let requests = messageIDs.enumerated().map { index, id in
            GraphBatchRequest.listMessageAttachments(id: String(index), messageID: id, mailbox: mailbox.rawValue)
        }
        let answers = try await client.batch(requests, mailbox: mailbox.rawValue)
        var result: [String: Result<[EmailAttachment], any Error>] = [:]
        for (id, answer) in zip(messageIDs, answers) {
            if let error = answer.error {
                result[id] = .failure(error)
                continue
            }
            do {
                let page = try answer.decode(GraphCollectionPage<GraphAttachment>.self, operation: "messages/attachments")
                result[id] = .success(GraphObservedEmailMapping.attachments(page.value))
            } catch {
                result[id] = .failure(error)
            }
        }
        return result
    }
}
