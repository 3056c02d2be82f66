/// GetItem: batched, one response message per requested id, in request order.
struct GetItemOperation: EWSOperation {
    static let name = "GetItem"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let shape = ItemShape(request.child("ItemShape"))
        let contents = context.mailbox.snapshot
        let zone = context.mailboxTimeZone(contents)
        let renderer = ItemRenderer(contents: contents, order: context.order)
        var messages: [XMLElementNode] = []
        for idElement in request.child("ItemIds")?.children ?? [] {
            do throws(EWSError) {
                switch try ItemTarget.resolve(idElement, in: contents, zone: zone) {
                case .item(let id):
                    let item = contents.items[id]!
                    messages.append(ResponseMessage.success(Self.name, [.m("Items", children: [renderer.render(item, shape: shape)])]))
                case .occurrence(let masterId, let originalStart):
                    let master = contents.items[masterId]!
                    guard
                        let instance = try CalendarExpansion.instance(
                            of: master, originalStart: originalStart, contents: contents, mailboxZone: zone)
                    else {
                        throw EWSError.itemNotFound()
                    }
                    messages.append(
                        ResponseMessage.success(
                            Self.name, [.m("Items", children: [renderer.renderOccurrence(instance, master: master, shape: shape)])]))
                }
            } catch {
                messages.append(ResponseMessage.error(Self.name, error, [.m("Items")]))
            }
        }
        return ResponseMessage.envelope(Self.name, messages)
    }
}
