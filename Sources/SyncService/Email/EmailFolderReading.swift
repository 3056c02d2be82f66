import Foundation
import SyncEngine

/// Reads one mail folder of one mailbox for tracking, from a cursor: EWS today (`EWSMailFolderReader`).
public protocol EmailFolderReading: Sendable {
    func read(_ folder: EmailFolder, of mailbox: MailboxAddress, cursor: String?, receivedSince: Date, maxChanges: Int) async throws
        -> EmailFolderPage
}

extension EWSMailFolderReader: EmailFolderReading {}
