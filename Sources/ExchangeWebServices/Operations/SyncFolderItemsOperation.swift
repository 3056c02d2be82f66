import StreamingXML

extension ExchangeWebServicesClient {
    /// The most changes one SyncFolderItems page may return (schema facet).
    public static let maxSyncChanges = 512

    /// SyncFolderItems: the changes of a folder since `syncState` (nil: every item, as Create).
    ///
    /// Calendar folders report single items and recurring masters; an edited or deleted
    /// occurrence shows as an Update of its master.
    public func syncFolderItems(
        in folder: FolderID, syncState: String?, maxChanges: Int = 512, shape: ItemShape = .idOnly, mailbox: String
    ) async throws -> SyncFolderItemsPage {
        let body = try requestBody(mailbox: mailbox) { writer in
            writer.element("m:SyncFolderItems") { writer in
                writer.writeItemShape(shape)
                writer.element("m:SyncFolderId") { $0.writeFolderID(folder) }
                if let syncState, !syncState.isEmpty { writer.element("m:SyncState", text: syncState) }
                writer.element("m:MaxChangesReturned", text: String(min(max(maxChanges, 1), Self.maxSyncChanges)))
                writer.element("m:SyncScope", text: "NormalItems")
            }
        }
        let messages = try await transport.send(
            .init(operation: "SyncFolderItems", mailbox: mailbox, isIdempotent: true), body: body,
            decoder: { ElementListDecoder(SyncChangeXMLReader.change(from:)) })
        let payload = try Self.single(messages, operation: "SyncFolderItems", mailbox: mailbox)
        guard let state = payload.message?.childText("SyncState") else {
            throw EWSError(kind: .malformedResponse, message: "SyncFolderItems returned no SyncState.", operation: "SyncFolderItems", mailbox: mailbox)
        }
        return SyncFolderItemsPage(
            syncState: state.trimmed,
            includesLastItemInRange: ItemXMLReader.bool(payload.message?.childText("IncludesLastItemInRange") ?? "true") ?? true,
            changes: payload.elements)
    }
}
