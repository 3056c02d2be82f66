import Foundation

/// Microsoft To Do lists and tasks on the store's task folders (see `GraphTaskMapping`).
enum GraphTodoOperations {
    static func listId(_ restId: String, in contents: MailboxContents) throws(GraphError) -> String {
        try GraphOperations.folderId(restId, distinguished: "tasks", folderClass: "IPF.Task", in: contents)
    }

    static func lists(_ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let contents = context.mailbox.snapshot
        let folders = contents.folders.values.filter { $0.folderClass == "IPF.Task" }
            .sorted { ($0.distinguishedName == "tasks" ? 0 : 1, $0.displayName) < ($1.distinguishedName == "tasks" ? 0 : 1, $1.displayName) }
        return GraphOperations.page(folders.map(GraphTaskMapping.renderList), options: try GraphQueryOptions(context.query), context: context)
    }

    static func list(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let contents = context.mailbox.snapshot
        return .json(GraphTaskMapping.renderList(contents.folders[try listId(restId, in: contents)]!))
    }

    static func tasks(listId restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let query = try GraphQueryOptions(context.query)
        if query.extendedPropertyFilter != nil || query.expandedExtendedProperties != nil {
            throw GraphError.badRequest("Could not find a property named 'singleValueExtendedProperties' on type 'microsoft.graph.todoTask'.")
        }
        var options = context.options
        query.apply(to: &options)
        let contents = context.mailbox.snapshot
        let folder = try listId(restId, in: contents)
        let items = contents.items(inFolder: folder).filter { $0.kind == .task }.sorted { ($0.created, $0.immutableId) < ($1.created, $1.immutableId) }
        return GraphOperations.page(items, rendering: { GraphTaskMapping.render($0, options: options) }, options: query, context: context)
    }

    static func task(_ restId: String, listId: String, in contents: MailboxContents) throws(GraphError) -> StoredItem {
        let item = try GraphOperations.item(restId, kind: .task, in: contents)
        guard item.folderId == listId else { throw GraphError.itemNotFound }
        return item
    }

    static func create(listId restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let body = try context.schema.validate(try context.body(), as: "todoTask")
        let changes = try GraphTaskMapping.changes(from: body)
        let result = context.mailbox.withContents { contents -> Result<StoredItem, GraphError> in
            do throws(GraphError) {
                let folder = try listId(restId, in: contents)
                var item = try GraphOperations.build(.task, changes, folderId: folder, context: context)
                item.linkedResources = GraphTaskMapping.linkedResources(from: body)
                contents.insert(item)
                return .success(item)
            } catch {
                return .failure(error)
            }
        }
        var options = context.options
        options.expandsLinkedResources = true
        return .json(GraphTaskMapping.render(try result.get(), options: options), status: 201)
    }

    static func get(listId restId: String, _ id: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let contents = context.mailbox.snapshot
        let query = try GraphQueryOptions(context.query)
        var options = context.options
        query.apply(to: &options)
        return .json(GraphTaskMapping.render(try task(id, listId: try listId(restId, in: contents), in: contents), options: options))
    }

    static func update(listId restId: String, _ id: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let body = try context.schema.validate(try context.body(), as: "todoTask")
        if body["linkedResources"] != nil {
            // A navigation property is not written by PATCH: linked resources are added by POST.
            throw GraphError.badRequest("Navigation property 'linkedResources' cannot be updated through a PATCH of the task.")
        }
        let changes = try GraphTaskMapping.changes(from: body)
        let result = context.mailbox.withContents { contents -> Result<StoredItem, GraphError> in
            do throws(GraphError) {
                var item = try task(id, listId: try listId(restId, in: contents), in: contents)
                try context.checkIfMatch(item.changeKey)
                try GraphOperations.apply(changes, to: &item, context: context)
                item.touch(at: context.now)
                contents.replace(item)
                return .success(item)
            } catch {
                return .failure(error)
            }
        }
        return .json(GraphTaskMapping.render(try result.get(), options: context.options))
    }

    /// To Do deletes a task for good (it does not land in Deleted Items).
    static func delete(listId restId: String, _ id: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let result = context.mailbox.withContents { contents -> Result<Void, GraphError> in
            do throws(GraphError) {
                let item = try task(id, listId: try listId(restId, in: contents), in: contents)
                try context.checkIfMatch(item.changeKey)
                contents.remove(item.id)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        return .noContent
    }

    /// `GET …/tasks/{id}/linkedResources`.
    static func linkedResources(listId restId: String, _ taskId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let contents = context.mailbox.snapshot
        let item = try task(taskId, listId: try listId(restId, in: contents), in: contents)
        return GraphOperations.page(
            item.linkedResources.map(GraphTaskMapping.renderLinkedResource), options: try GraphQueryOptions(context.query), context: context)
    }

    /// `POST …/tasks/{id}/linkedResources`: adds one. Decision (unverified): the task keeps its
    /// version, as a linked resource is an entity of its own.
    static func addLinkedResource(listId restId: String, _ taskId: String, _ context: GraphCallContext) throws(GraphError)
        -> GraphHTTPResponse
    {
        let body = try context.schema.validate(try context.body(), as: "linkedResource")
        let resource = GraphTaskMapping.linkedResource(from: body)
        let result = context.mailbox.withContents { contents -> Result<Void, GraphError> in
            do throws(GraphError) {
                var item = try task(taskId, listId: try listId(restId, in: contents), in: contents)
                item.linkedResources.append(resource)
                contents.replace(item)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        return .json(GraphTaskMapping.renderLinkedResource(resource), status: 201)
    }
}
