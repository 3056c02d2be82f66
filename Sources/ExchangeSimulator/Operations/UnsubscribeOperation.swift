/// Unsubscribe: ends a subscription of the calling application. The operation reference says
/// "only valid for pull notifications", but the notifications overview lists Unsubscribe for
/// streaming subscriptions too, and the EWS Managed API has `StreamingSubscription.Unsubscribe`:
/// the simulator accepts it for streaming subscriptions, and a connection attached to the
/// subscription reports it as `ErrorSubscriptionUnsubscribed`.
struct UnsubscribeOperation: EWSOperation {
    static let name = "Unsubscribe"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let id = request.child("SubscriptionId")?.text ?? ""
        let removed = context.exchange.streaming.unsubscribe(id, tenantId: context.mailbox.tenantId, appId: context.appId)
        let message =
            removed
            ? ResponseMessage.success(Self.name)
            : ResponseMessage.error(Self.name, EWSError("ErrorSubscriptionNotFound", "The specified subscription was not found."))
        return ResponseMessage.envelope(Self.name, [message])
    }
}
