/// Writes folders per FolderShape, in the schema's order.
struct FolderRenderer {
    let contents: MailboxContents
    let order: SchemaElementOrder

    /// `shape` is a request's FolderShape element (BaseShape plus AdditionalProperties).
    func render(_ folder: FolderRecord, shape: XMLElementNode?) -> XMLElementNode {
        let base = shape?.child("BaseShape")?.text ?? "IdOnly"
        let additional = Set(
            (shape?.child("AdditionalProperties")?.children ?? []).compactMap { $0[attribute: "FieldURI"] }.map(ItemShape.propertyName(of:)))
        return render(folder, base: base, additional: additional)
    }

    func render(_ folder: FolderRecord, base: String, additional: Set<String> = []) -> XMLElementNode {
        var all: [XMLElementNode] = [.t("FolderId", attributes: ["Id": folder.id, "ChangeKey": folder.changeKey])]
        all.append(.t("DisplayName", folder.displayName))
        all.append(.t("TotalCount", String(contents.itemCount(inFolder: folder.id))))
        all.append(.t("ChildFolderCount", String(contents.childFolders(of: folder.id, deep: false).count)))
        all.append(.t("UnreadCount", "0"))
        if let parent = folder.parentId, let parentFolder = contents.folders[parent] {
            all.append(.t("ParentFolderId", attributes: ["Id": parent, "ChangeKey": parentFolder.changeKey]))
        }
        all.append(.t("FolderClass", folder.folderClass))
        let names: Set<String> =
            switch base {
            case "AllProperties": Set(all.map(\.name))
            case "Default": ["FolderId", "DisplayName", "TotalCount", "ChildFolderCount", "UnreadCount"]
            default: ["FolderId"]
            }
        let elements = all.filter { names.contains($0.name) || additional.contains($0.name) }
        let filtered = elements.filter { order.has($0.name, in: folder.schemaType) }
        return .t(folder.elementName, children: order.sorted(filtered, as: folder.schemaType))
    }
}
