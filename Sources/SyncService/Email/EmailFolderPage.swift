import SyncEngine

/// One page of a mail folder read for tracking: the messages in the window, where to resume.
public struct EmailFolderPage: Sendable {
    public var messages: [ObservedEmail]
    /// The folder's cursor after this page; store it once the page's messages are applied.
    public var nextCursor: String
    /// More changes wait; read again with `nextCursor` at once.
    public var hasMore: Bool
    /// Created or changed messages left unread because they were received before the window.
    public var outsideWindow: Int
    /// Messages the server could not return (deleted between the two calls, or refused): skipped, never blocking.
    public var unreadable: Int
    /// Messages that have attachments the page does not describe (Graph's delta carries only
    /// `hasAttachments`): the reader's message id, by InternetMessageId. Only those that are
    /// tracked are read, with `EmailFolderReading.attachments(of:in:)`.
    public var attachmentsToRead: [InternetMessageID: String] = [:]
}
