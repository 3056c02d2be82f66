/// SyncFolderItems: net changes of one folder since a sync state, at most MaxChangesReturned
/// per page; recurring masters only (occurrences are not items).
struct SyncFolderItemsOperation: EWSOperation {
    static let name = "SyncFolderItems"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let shape = ItemShape(request.child("ItemShape"))
        let maximum = request.child("MaxChangesReturned").flatMap { Int($0.text) } ?? 0
        let scope = request.child("SyncScope")?.text ?? "NormalItems"
        let ignored = Set((request.child("Ignore")?.children ?? []).compactMap { $0[attribute: "Id"] })
        let contents = context.mailbox.snapshot
        let message: XMLElementNode
        do throws(EWSError) {
            guard (1...512).contains(maximum) else {
                throw EWSError("ErrorInvalidArgument", "MaxChangesReturned must be between 1 and 512.")
            }
            guard let target = request.child("SyncFolderId")?.children.first else { throw EWSError.folderNotFound() }
            let folderId = try TargetResolution.folderId(target, in: contents)
            var watermark: UInt64 = 0
            if let state = request.child("SyncState")?.text, !state.isEmpty {
                guard
                    let position = context.exchange.syncStates.decode(
                        state, mailbox: contents.primarySmtpAddress, folderId: folderId + "|" + scope)
                else { throw EWSError.invalidSyncState() }
                watermark = position.watermark
            }
            let log = contents.changeLog(folderId) ?? FolderChangeLog()
            let all = log.changes(after: watermark, ignoring: ignored)
            let page = all.prefix(maximum)
            let includesLast = page.count == all.count
            let newWatermark = includesLast ? max(watermark, log.highestSequence) : (page.last?.sequence ?? watermark)
            let renderer = ItemRenderer(contents: contents, order: context.order)
            let changes: [XMLElementNode] = page.map { entry in
                switch entry.change {
                case .create(let id): .t("Create", children: [renderer.render(contents.items[id]!, shape: shape)])
                case .update(let id): .t("Update", children: [renderer.render(contents.items[id]!, shape: shape)])
                case .delete(let id): .t("Delete", children: [.t("ItemId", attributes: ["Id": id])])
                }
            }
            let state = context.exchange.syncStates.encode(
                .init(mailbox: contents.primarySmtpAddress, folderId: folderId + "|" + scope, watermark: newWatermark))
            message = ResponseMessage.success(
                Self.name,
                [.m("SyncState", state), .m("IncludesLastItemInRange", includesLast ? "true" : "false"), .m("Changes", children: changes)])
        } catch {
            message = ResponseMessage.error(Self.name, error, [.m("SyncState"), .m("IncludesLastItemInRange", "true")])
        }
        return ResponseMessage.envelope(Self.name, [message])
    }
}
