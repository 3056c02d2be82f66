/// DeleteItem: hard, soft or to Deleted Items; an occurrence id deletes just that occurrence.
struct DeleteItemOperation: EWSOperation {
    static let name = "DeleteItem"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let deleteType = request[attribute: "DeleteType"] ?? "HardDelete"
        let cancellations = request[attribute: "SendMeetingCancellations"]
        let affectedTasks = request[attribute: "AffectedTaskOccurrences"]
        let messages = context.mailbox.withContents { (contents: inout MailboxContents) -> [XMLElementNode] in
            var messages: [XMLElementNode] = []
            let zone = context.mailboxTimeZone(contents)
            for idElement in request.child("ItemIds")?.children ?? [] {
                do throws(EWSError) {
                    switch try ItemTarget.resolve(idElement, in: contents, zone: zone) {
                    case .item(let id):
                        let item = contents.items[id]!
                        if item.kind == .calendarItem && cancellations == nil {
                            throw EWSError(
                                "ErrorSendMeetingCancellationsRequired", "The SendMeetingCancellations attribute is required for calendar items.")
                        }
                        if item.kind == .task && affectedTasks == nil {
                            throw EWSError(
                                "ErrorAffectedTaskOccurrencesRequired", "The AffectedTaskOccurrences attribute is required for task items.")
                        }
                        MeetingMail.record(.cancellation, for: item, mode: cancellations ?? "SendToNone", context: context, organizer: contents.primarySmtpAddress)
                        let deletedItems = contents.folderId(distinguished: "deleteditems")
                        if deleteType == "MoveToDeletedItems", let deletedItems, item.folderId != deletedItems {
                            _ = contents.move(id, to: deletedItems, at: context.now)
                        } else {
                            contents.remove(id)
                        }
                    case .occurrence(let masterId, let originalStart):
                        guard cancellations != nil else {
                            throw EWSError(
                                "ErrorSendMeetingCancellationsRequired", "The SendMeetingCancellations attribute is required for calendar items.")
                        }
                        var master = contents.items[masterId]!
                        master.modifiedOccurrences[originalStart] = nil
                        master.deletedOccurrences.insert(originalStart)
                        master.touch(at: context.now)
                        contents.replace(master)
                        MeetingMail.record(.cancellation, for: master, mode: cancellations ?? "SendToNone", context: context, organizer: contents.primarySmtpAddress)
                    }
                    messages.append(ResponseMessage.success(Self.name))
                } catch {
                    messages.append(ResponseMessage.error(Self.name, error))
                }
            }
            return messages
        }
        return ResponseMessage.envelope(Self.name, messages)
    }
}
