/// GetFolder: batched by folder id.
struct GetFolderOperation: EWSOperation {
    static let name = "GetFolder"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let shape = request.child("FolderShape")
        let contents = context.mailbox.snapshot
        let renderer = FolderRenderer(contents: contents, order: context.order)
        var messages: [XMLElementNode] = []
        for idElement in request.child("FolderIds")?.children ?? [] {
            do throws(EWSError) {
                let id = try TargetResolution.folderId(idElement, in: contents)
                messages.append(
                    ResponseMessage.success(Self.name, [.m("Folders", children: [renderer.render(contents.folders[id]!, shape: shape)])]))
            } catch {
                messages.append(ResponseMessage.error(Self.name, error, [.m("Folders")]))
            }
        }
        return ResponseMessage.envelope(Self.name, messages)
    }
}

/// FindFolder: Shallow or Deep traversal under each parent folder.
struct FindFolderOperation: EWSOperation {
    static let name = "FindFolder"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let shape = request.child("FolderShape")
        let traversal = request[attribute: "Traversal"] ?? "Shallow"
        guard traversal == "Shallow" || traversal == "Deep" else {
            throw EWSError("ErrorInvalidRequest", "Traversal \(traversal) is not supported for FindFolder.")
        }
        let contents = context.mailbox.snapshot
        let renderer = FolderRenderer(contents: contents, order: context.order)
        var messages: [XMLElementNode] = []
        for idElement in request.child("ParentFolderIds")?.children ?? [] {
            do throws(EWSError) {
                let id = try TargetResolution.folderId(idElement, in: contents)
                let folders = contents.childFolders(of: id, deep: traversal == "Deep")
                let root = XMLElementNode.m(
                    "RootFolder", attributes: ["TotalItemsInView": String(folders.count), "IncludesLastItemInRange": "true"],
                    children: [.t("Folders", children: folders.map { renderer.render($0, shape: shape) })])
                messages.append(ResponseMessage.success(Self.name, [root]))
            } catch {
                messages.append(ResponseMessage.error(Self.name, error))
            }
        }
        return ResponseMessage.envelope(Self.name, messages)
    }
}

/// CreateFolder: user folders under a parent; a duplicate display name is ErrorFolderExists.
struct CreateFolderOperation: EWSOperation {
    static let name = "CreateFolder"

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let messages = try context.mailbox.withContents { (contents: inout MailboxContents) throws(EWSError) -> [XMLElementNode] in
            guard let target = request.child("ParentFolderId")?.children.first else { throw EWSError.folderNotFound() }
            let parent = try TargetResolution.folderId(target, in: contents)
            var messages: [XMLElementNode] = []
            for element in request.child("Folders")?.children ?? [] {
                do throws(EWSError) {
                    guard let name = element.child("DisplayName")?.text, !name.isEmpty else {
                        throw EWSError("ErrorFolderSavePropertyError", "A folder needs a DisplayName.")
                    }
                    if contents.childFolders(of: parent, deep: false).contains(where: { $0.displayName.lowercased() == name.lowercased() }) {
                        throw EWSError("ErrorFolderExists", "A folder with the specified name already exists.")
                    }
                    let defaultClass: String =
                        switch element.name {
                        case "CalendarFolder": "IPF.Appointment"
                        case "ContactsFolder": "IPF.Contact"
                        case "TasksFolder": "IPF.Task"
                        case "Folder": "IPF.Note"
                        default: throw EWSError("ErrorInvalidRequest", "The simulator does not create \(element.name)s.")
                        }
                    let folder = contents.addFolder(
                        displayName: name, folderClass: element.child("FolderClass")?.text ?? defaultClass, parentId: parent)
                    let renderer = FolderRenderer(contents: contents, order: context.order)
                    messages.append(ResponseMessage.success(Self.name, [.m("Folders", children: [renderer.render(folder, base: "IdOnly")])]))
                } catch {
                    messages.append(ResponseMessage.error(Self.name, error, [.m("Folders")]))
                }
            }
            return messages
        }
        return ResponseMessage.envelope(Self.name, messages)
    }
}
