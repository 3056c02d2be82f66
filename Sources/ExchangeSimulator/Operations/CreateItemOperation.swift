import Foundation

/// CreateItem: batched; calendar items need SendMeetingInvitations, messages MessageDisposition.
struct CreateItemOperation: EWSOperation {
    static let name = "CreateItem"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let invitations = request[attribute: "SendMeetingInvitations"]
        let disposition = request[attribute: "MessageDisposition"]
        let builder = ItemBuilder(order: context.order, timeZoneContext: context.timeZoneContext)
        let sends = disposition == "SendOnly" || disposition == "SendAndSaveCopy"
        var outgoing: [StoredItem] = []
        let messages = try context.mailbox.withContents { (contents: inout MailboxContents) throws(EWSError) -> [XMLElementNode] in
            var explicitFolder: String?
            if let target = request.child("SavedItemFolderId")?.children.first {
                explicitFolder = try TargetResolution.folderId(target, in: contents)
            }
            let renderer = ItemRenderer(contents: contents, order: context.order)
            var messages: [XMLElementNode] = []
            for element in request.child("Items")?.children ?? [] {
                do throws(EWSError) {
                    let kind = ItemKind(elementName: element.name)
                    if kind == .calendarItem && invitations == nil {
                        throw EWSError(
                            "ErrorSendMeetingInvitationsRequired",
                            "The SendMeetingInvitations attribute is required for calendar items.")
                    }
                    if kind == .message && disposition == nil {
                        throw EWSError("ErrorMessageDispositionRequired", "MessageDisposition attribute is required.")
                    }
                    if kind == .message && sends {
                        // Exchange answers a sent message with an empty Items element: the saved copy's id is not returned.
                        var folderId = explicitFolder ?? ""
                        if explicitFolder == nil { folderId = try defaultFolder(for: kind, disposition: disposition, in: contents) }
                        var message = try builder.build(from: element, folderId: folderId, now: context.now)
                        guard !MailTransport.recipients(of: message).isEmpty else {
                            throw EWSError("ErrorInvalidRecipients", "At least one recipient isn't valid.")
                        }
                        MailTransport.stampSent(&message, by: contents, now: context.now)
                        if disposition == "SendAndSaveCopy" { contents.insert(message) }
                        outgoing.append(message)
                        messages.append(ResponseMessage.success(Self.name, [.m("Items")]))
                        continue
                    }
                    let folderId: String
                    if let explicitFolder {
                        folderId = explicitFolder
                    } else {
                        folderId = try defaultFolder(for: kind, disposition: disposition, in: contents)
                    }
                    if contents.isOverQuota { throw EWSError.quotaExceeded }
                    let item = try builder.build(from: element, folderId: folderId, now: context.now)
                    contents.insert(item)
                    MeetingMail.record(.request, for: item, mode: invitations ?? "SendToNone", context: context, organizer: contents.primarySmtpAddress)
                    messages.append(
                        ResponseMessage.success(Self.name, [.m("Items", children: [renderer.render(item, shape: .idOnly)])]))
                } catch {
                    messages.append(ResponseMessage.error(Self.name, error, [.m("Items")]))
                }
            }
            return messages
        }
        // Delivered once the sender's mailbox is released: a message to oneself locks the same mailbox.
        for message in outgoing { MailTransport.deliver(message, through: context.exchange, now: context.now) }
        return ResponseMessage.envelope(Self.name, messages)
    }

    private func defaultFolder(for kind: ItemKind?, disposition: String?, in contents: MailboxContents) throws(EWSError) -> String {
        let name: String
        switch kind {
        case .calendarItem: name = "calendar"
        case .contact: name = "contacts"
        case .task: name = "tasks"
        case .message: name = disposition == "SendAndSaveCopy" ? "sentitems" : "drafts"
        case nil: throw EWSError("ErrorInvalidRequest", "The simulator does not store this item type.")
        }
        guard let id = contents.folderId(distinguished: name) else { throw EWSError.folderNotFound() }
        return id
    }
}
