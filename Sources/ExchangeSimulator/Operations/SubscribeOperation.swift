/// Subscribe with `StreamingSubscriptionRequest`: a streaming subscription on some folders of
/// the impersonated mailbox (or all of them), for some event types. Pull and push subscriptions
/// are not simulated.
///
/// Only items raise events here: CreatedEvent, ModifiedEvent, DeletedEvent and MovedEvent.
/// NewMailEvent, CopiedEvent and FreeBusyChangedEvent are accepted but never sent, and folder
/// events are not simulated.
struct SubscribeOperation: EWSOperation {
    static let name = "Subscribe"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        guard let subscription = request.child("StreamingSubscriptionRequest") else {
            throw EWSError("ErrorInvalidRequest", "The simulator implements streaming subscriptions only (StreamingSubscriptionRequest).")
        }
        let message: XMLElementNode
        do throws(EWSError) {
            let contents = context.mailbox.snapshot
            let allFolders = subscription[attribute: "SubscribeToAllFolders"].map { $0 == "true" || $0 == "1" } ?? false
            let folderElements = subscription.child("FolderIds")?.children ?? []
            guard allFolders != !folderElements.isEmpty else {
                throw EWSError(
                    "ErrorInvalidSubscriptionRequest",
                    allFolders
                        ? "FolderIds cannot be combined with SubscribeToAllFolders."
                        : "A subscription needs FolderIds or SubscribeToAllFolders=\"true\".")
            }
            var folderIds: Set<String>?
            if !allFolders {
                var resolved = Set<String>()
                for element in folderElements { resolved.insert(try TargetResolution.folderId(element, in: contents)) }
                folderIds = resolved
            }
            let kinds = Set((subscription.child("EventTypes")?.children ?? []).compactMap { StreamingEvent.Kind(rawValue: $0.text) })
            let id = context.exchange.streaming.subscribe(
                tenantId: context.mailbox.tenantId, appId: context.appId, mailbox: contents.primarySmtpAddress, folderIds: folderIds,
                kinds: kinds)
            message = ResponseMessage.success(Self.name, [.m("SubscriptionId", id)])
        } catch {
            message = ResponseMessage.error(Self.name, error)
        }
        return ResponseMessage.envelope(Self.name, [message])
    }
}
