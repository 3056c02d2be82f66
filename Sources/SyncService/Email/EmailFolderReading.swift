import Foundation
import SyncEngine

/// Reads one mail folder of one mailbox for tracking, from a cursor: through EWS
/// (`EWSMailFolderReader`) or Microsoft Graph (`GraphMailFolderReader`).
public protocol EmailFolderReading: Sendable {
    func read(_ folder: EmailFolder, of mailbox: MailboxAddress, cursor: String?, receivedSince: Date, maxChanges: Int) async throws
        -> EmailFolderPage

    /// The attachments' metadata of the messages a page listed in `attachmentsToRead` (by the
    /// reader's message id), once the planner has chosen to track them. One message's failure is
    /// its own answer; a thrown error means none could be read (the page is read again).
    func attachments(of messageIDs: [String], in mailbox: MailboxAddress) async throws -> [String: Result<[EmailAttachment], any Error>]
}

extension EmailFolderReading {
    /// A reader whose pages carry the attachments (EWS) never lists any to read.
    public func attachments(of messageIDs: [String], in mailbox: MailboxAddress) async throws
        -> [String: Result<[EmailAttachment], any Error>]
    {
        [:]
    }
}

extension EWSMailFolderReader: EmailFolderReading {}
