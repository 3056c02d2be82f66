import Foundation

/// Mail on the Graph side: `sendMail`, and `mailFolders/{id}/messages/delta` over the same
/// Inbox and Sent Items EWS serves.
enum GraphMailOperations {
    static let wellKnownFolders = ["inbox", "sentitems", "drafts", "deleteditems"]

    /// A mail folder from the path: a well-known name or a folder id of class IPF.Note.
    static func folderId(_ segment: String, in contents: MailboxContents) throws(GraphError) -> String {
        if wellKnownFolders.contains(segment.lowercased()) {
            guard let id = contents.folderId(distinguished: segment.lowercased()) else { throw GraphError.itemNotFound }
            return id
        }
        guard case .folder(let id) = try GraphIds.resolve(segment, in: contents), contents.folders[id]?.folderClass == "IPF.Note" else {
            throw GraphError.itemNotFound
        }
        return id
    }

    /// `POST /users/{id}/sendMail`: 202 with no body; a copy in Sent Items unless `saveToSentItems` is false.
    static func sendMail(_ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let body = try context.body()
        // The CSDL names the action's parameters `Message` and `SaveToSentItems` (what the SDKs
        // send); the documentation writes them in camelCase. Graph takes both.
        guard let message = body.member(caseInsensitive: "message") else {
            throw GraphError.badRequest("Empty Payload. JSON content expected.", code: "ErrorInvalidRequest")
        }
        let validated = try context.schema.validate(message, as: "message")
        let element = try GraphMessageMapping.element(fromSendMail: validated)
        let save = body.member(caseInsensitive: "saveToSentItems")?.boolValue ?? true
        let order = context.exchange.order
        let zone = context.mailboxZone
        let now = context.now
        let result = context.mailbox.withContents { (contents: inout MailboxContents) -> Result<StoredItem, GraphError> in
            guard let sentItems = contents.folderId(distinguished: "sentitems") else { return .failure(GraphError.itemNotFound) }
            do throws(EWSError) {
                var item = try ItemBuilder(order: order, timeZoneContext: zone).build(from: element, folderId: sentItems, now: now)
                guard !MailTransport.recipients(of: item).isEmpty else {
                    return .failure(GraphError.badRequest("At least one recipient is not valid.", code: "ErrorInvalidRecipients"))
                }
                MailTransport.stampSent(&item, by: contents, now: now)
                if save { contents.insert(item) }
                return .success(item)
            } catch {
                return .failure(GraphOperations.graphError(error))
            }
        }
        let sent = try result.get()
        // Delivered once the sender's mailbox is released: a message to oneself locks the same mailbox.
        MailTransport.deliver(sent, through: context.exchange, now: now)
        return GraphHTTPResponse(status: 202, headers: [:], body: nil)
    }

    /// The start of the window of an initial message delta: `$filter=receivedDateTime ge …` (or `gt`),
    /// the one filter Graph accepts there; nil without `$filter`.
    static func receivedSince(_ query: [String: String]) throws(GraphError) -> Date? {
        guard let text = query["$filter"] else { return nil }
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 3, parts[0] == "receivedDateTime", ["ge", "gt"].contains(parts[1].lowercased()),
            let date = GraphDateTime.parseQuery(parts[2])
        else {
            throw GraphError.badRequest(
                "The simulator supports $filter=receivedDateTime ge <dateTime> on message delta only, not '\(text)'.",
                code: "ErrorInvalidUrlQueryFilter")
        }
        return parts[1].lowercased() == "gt" ? date.addingTimeInterval(1) : date
    }
}
