/// MoveItem: the moved item gets a new ItemId, as in Exchange; the source folder's sync sees a
/// Delete and the target's a Create.
struct MoveItemOperation: EWSOperation {
    static let name = "MoveItem"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let messages = try context.mailbox.withContents { (contents: inout MailboxContents) throws(EWSError) -> [XMLElementNode] in
            guard let target = request.child("ToFolderId")?.children.first else { throw EWSError.folderNotFound() }
            let folderId = try TargetResolution.folderId(target, in: contents)
            var messages: [XMLElementNode] = []
            for idElement in request.child("ItemIds")?.children ?? [] {
                do throws(EWSError) {
                    guard idElement.name == "ItemId" else {
                        throw EWSError("ErrorInvalidOperation", "Occurrences of a recurring series cannot be moved on their own.")
                    }
                    let id = try TargetResolution.itemId(idElement, in: contents)
                    guard let moved = contents.move(id, to: folderId, at: context.now) else { throw EWSError.itemNotFound() }
                    let renderer = ItemRenderer(contents: contents, order: context.order)
                    messages.append(ResponseMessage.success(Self.name, [.m("Items", children: [renderer.render(moved, shape: .idOnly)])]))
                } catch {
                    messages.append(ResponseMessage.error(Self.name, error, [.m("Items")]))
                }
            }
            return messages
        }
        return ResponseMessage.envelope(Self.name, messages)
    }
}
