/// Writes folders per FolderShape, in the schema's order.
struct FolderRenderer {
    let contents: MailboxContents
    let order: SchemaElementOrder

    func render(_ folder: FolderRecord, base: String) -> XMLElementNode {
        var elements: [XMLElementNode] = [.t("FolderId", attributes: ["Id": folder.id, "ChangeKey": folder.changeKey])]
        if base != "IdOnly" {
            elements.append(.t("DisplayName", folder.displayName))
            elements.append(.t("TotalCount", String(contents.itemCount(inFolder: folder.id))))
            elements.append(.t("ChildFolderCount", String(contents.childFolders(of: folder.id, deep: false).count)))
            elements.append(.t("UnreadCount", "0"))
        }
        if base == "AllProperties" {
            if let parent = folder.parentId, let parentFolder = contents.folders[parent] {
                elements.append(.t("ParentFolderId", attributes: ["Id": parent, "ChangeKey": parentFolder.changeKey]))
            }
            elements.append(.t("FolderClass", folder.folderClass))
        }
        let filtered = elements.filter { order.has($0.name, in: folder.schemaType) }
        return .t(folder.elementName, children: order.sorted(filtered, as: folder.schemaType))
    }
}
