import StreamingXML

extension ExchangeWebServicesClient {
    /// GetFolder: the folders' ids, names and classes, one result per id.
    public func getFolders(_ ids: [FolderID], mailbox: String) async throws -> [Result<Folder, EWSError>] {
        let body = try requestBody(mailbox: mailbox) { writer in
            writer.element("m:GetFolder") { writer in
                writer.element("m:FolderShape") { $0.element("t:BaseShape", text: "Default") }
                writer.element("m:FolderIds") { writer in for id in ids { writer.writeFolderID(id) } }
            }
        }
        let messages = try await send("GetFolder", mailbox: mailbox, body: body, convert: ItemXMLReader.folder(from:))
        return messages.map { result in
            result.flatMap { payload in
                payload.elements.first.map { .success($0) } ?? .failure(Self.missingItem("GetFolder", mailbox))
            }
        }
    }

    /// GetFolder for one folder.
    public func getFolder(_ id: FolderID, mailbox: String) async throws -> Folder {
        try await getFolders([id], mailbox: mailbox).first.unwrap(operation: "GetFolder", mailbox: mailbox).get()
    }

    /// FindFolder: the direct subfolders of a folder (all pages).
    public func findFolders(in parent: FolderID, mailbox: String) async throws -> [Folder] {
        var folders: [Folder] = []
        var offset = 0
        while true {
            let body = try requestBody(mailbox: mailbox) { writer in
                writer.startElement("m:FindFolder")
                writer.attribute("Traversal", "Shallow")
                writer.element("m:FolderShape") { $0.element("t:BaseShape", text: "Default") }
                writer.emptyElement(
                    "m:IndexedPageFolderView",
                    attributes: ["MaxEntriesReturned": "500", "Offset": String(offset), "BasePoint": "Beginning"])
                writer.element("m:ParentFolderIds") { $0.writeFolderID(parent) }
                writer.endElement()
            }
            let messages = try await send("FindFolder", mailbox: mailbox, body: body, convert: ItemXMLReader.folder(from:))
            let payload = try Self.single(messages, operation: "FindFolder", mailbox: mailbox)
            folders += payload.elements
            let root = payload.message?.child("RootFolder")
            if payload.elements.isEmpty || root?.attribute("IncludesLastItemInRange") != "false" { return folders }
            offset = root?.attribute("IndexedPagingOffset").flatMap { Int($0) } ?? (offset + payload.elements.count)
        }
    }

    /// CreateFolder: a new folder under `parent`. Not retried: a failure may hide a created folder.
    public func createFolder(named name: String, kind: FolderKind, in parent: FolderID, mailbox: String) async throws -> Folder {
        let body = try requestBody(mailbox: mailbox) { writer in
            writer.element("m:CreateFolder") { writer in
                writer.element("m:ParentFolderId") { $0.writeFolderID(parent) }
                writer.element("m:Folders") { writer in
                    writer.element("t:\(kind.rawValue)") { $0.element("t:DisplayName", text: name) }
                }
            }
        }
        let messages = try await send(
            "CreateFolder", mailbox: mailbox, idempotent: false, body: body, convert: ItemXMLReader.folder(from:))
        let payload = try Self.single(messages, operation: "CreateFolder", mailbox: mailbox)
        guard var folder = payload.elements.first else { throw Self.missingItem("CreateFolder", mailbox) }
        folder.displayName = folder.displayName ?? name
        return folder
    }
}

extension Optional {
    func unwrap<Success>(operation: String, mailbox: String) throws -> Result<Success, EWSError>
    where Wrapped == Result<Success, EWSError> {
        guard let self else {
            throw EWSError(kind: .malformedResponse, message: "Exchange returned no response message.", operation: operation, mailbox: mailbox)
        }
        return self
    }
}
