import Foundation

/// Contacts and contact folders on the store's IPF.Contact folders.
enum GraphContactOperations {
    static func folderJSON(_ folder: FolderRecord, contents: MailboxContents) -> GraphJSON {
        .fields([
            "id": .string(GraphIds.restId(fromEWS: folder.id)),
            "displayName": .string(folder.displayName),
            "parentFolderId": .string(GraphIds.restId(fromEWS: folder.parentId ?? contents.root)),
        ])
    }

    static func folders(_ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let contents = context.mailbox.snapshot
        let folders = contents.folders.values.filter { $0.folderClass == "IPF.Contact" && $0.distinguishedName != "contacts" }
            .sorted { $0.displayName < $1.displayName }
        return GraphOperations.page(folders.map { folderJSON($0, contents: contents) }, options: try GraphQueryOptions(context.query), context: context)
    }

    static func folder(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let contents = context.mailbox.snapshot
        let id = try GraphOperations.folderId(restId, distinguished: "contacts", folderClass: "IPF.Contact", in: contents)
        return .json(folderJSON(contents.folders[id]!, contents: contents))
    }

    static func list(folderId: String?, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let query = try GraphQueryOptions(context.query)
        var options = context.options
        query.apply(to: &options)
        let contents = context.mailbox.snapshot
        let folder = try GraphOperations.folderId(folderId, distinguished: "contacts", folderClass: "IPF.Contact", in: contents)
        let items = contents.items(inFolder: folder).filter { $0.kind == .contact && query.matches($0) }
            .sorted { ($0.created, $0.immutableId) < ($1.created, $1.immutableId) }
        return GraphOperations.page(items, rendering: { GraphContactMapping.render($0, options: options) }, options: query, context: context)
    }

    static func create(folderId: String?, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let body = try context.schema.validate(try context.body(), as: "contact")
        let changes = try GraphContactMapping.changes(from: body, existing: nil)
        let result = context.mailbox.withContents { contents -> Result<StoredItem, GraphError> in
            do throws(GraphError) {
                let folder = try GraphOperations.folderId(folderId, distinguished: "contacts", folderClass: "IPF.Contact", in: contents)
                let item = try GraphOperations.build(.contact, changes, folderId: folder, context: context)
                contents.insert(item)
                return .success(item)
            } catch {
                return .failure(error)
            }
        }
        return .json(GraphContactMapping.render(try result.get(), options: context.options), status: 201)
    }

    static func get(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let query = try GraphQueryOptions(context.query)
        var options = context.options
        query.apply(to: &options)
        let item = try GraphOperations.item(restId, kind: .contact, in: context.mailbox.snapshot)
        return .json(GraphContactMapping.render(item, options: options))
    }

    static func update(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let body = try context.schema.validate(try context.body(), as: "contact")
        let result = context.mailbox.withContents { contents -> Result<StoredItem, GraphError> in
            do throws(GraphError) {
                var item = try GraphOperations.item(restId, kind: .contact, in: contents)
                try context.checkIfMatch(item.changeKey)
                let changes = try GraphContactMapping.changes(from: body, existing: item)
                try GraphOperations.apply(changes, to: &item, context: context)
                item.touch(at: context.now)
                contents.replace(item)
                return .success(item)
            } catch {
                return .failure(error)
            }
        }
        return .json(GraphContactMapping.render(try result.get(), options: context.options))
    }

    static func delete(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let result = context.mailbox.withContents { contents -> Result<Void, GraphError> in
            do throws(GraphError) {
                let item = try GraphOperations.item(restId, kind: .contact, in: contents)
                try context.checkIfMatch(item.changeKey)
                guard let deleted = contents.folderId(distinguished: "deleteditems") else { throw GraphError.itemNotFound }
                if item.folderId == deleted { contents.remove(item.id) } else { _ = contents.move(item.id, to: deleted, at: context.now) }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        return .noContent
    }
}
