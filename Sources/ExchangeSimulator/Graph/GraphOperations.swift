import Foundation

/// Runs a routed Graph request against the user's mailbox.
enum GraphOperations {
    static func run(_ route: GraphRoute, context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let method = context.request.method
        func unsupported() -> GraphError {
            GraphError(405, "Request_BadRequest", "The HTTP method '\(method)' is not allowed on this resource.")
        }
        switch (route, method) {
        case (.user, "GET"): return .json(user(context))
        case (.translateExchangeIds, "POST"): return try GraphTranslateExchangeIds.run(context)
        case (.calendar, "GET"): return .json(try GraphEventOperations.calendar(nil, context))
        case (.calendars, "GET"): return try GraphEventOperations.calendars(context)
        case (.events(let calendarId), "GET"): return try GraphEventOperations.list(calendarId: calendarId, context)
        case (.events(let calendarId), "POST"): return try GraphEventOperations.create(calendarId: calendarId, context)
        case (.event(let id), "GET"): return try GraphEventOperations.get(id, context)
        case (.event(let id), "PATCH"): return try GraphEventOperations.update(id, context)
        case (.event(let id), "DELETE"): return try GraphEventOperations.delete(id, context)
        case (.instances(let id), "GET"): return try GraphEventOperations.instances(id, context)
        case (.calendarView(let calendarId), "GET"): return try GraphEventOperations.calendarView(calendarId: calendarId, context)
        case (.calendarViewDelta, "GET"): return try GraphDeltaOperations.calendarView(context)
        case (.contacts(let folderId), "GET"): return try GraphContactOperations.list(folderId: folderId, context)
        case (.contacts(let folderId), "POST"): return try GraphContactOperations.create(folderId: folderId, context)
        case (.contact(let id), "GET"): return try GraphContactOperations.get(id, context)
        case (.contact(let id), "PATCH"): return try GraphContactOperations.update(id, context)
        case (.contact(let id), "DELETE"): return try GraphContactOperations.delete(id, context)
        case (.contactsDelta(let folderId), "GET"): return try GraphDeltaOperations.contacts(folderId: folderId, context)
        case (.contactFolders, "GET"): return try GraphContactOperations.folders(context)
        case (.contactFolder(let id), "GET"): return try GraphContactOperations.folder(id, context)
        case (.todoLists, "GET"): return try GraphTodoOperations.lists(context)
        case (.todoList(let id), "GET"): return try GraphTodoOperations.list(id, context)
        case (.todoTasks(let listId), "GET"): return try GraphTodoOperations.tasks(listId: listId, context)
        case (.todoTasks(let listId), "POST"): return try GraphTodoOperations.create(listId: listId, context)
        case (.todoTask(let listId, let id), "GET"): return try GraphTodoOperations.get(listId: listId, id, context)
        case (.todoTask(let listId, let id), "PATCH"): return try GraphTodoOperations.update(listId: listId, id, context)
        case (.todoTask(let listId, let id), "DELETE"): return try GraphTodoOperations.delete(listId: listId, id, context)
        case (.todoTasksDelta(let listId), "GET"): return try GraphDeltaOperations.tasks(listId: listId, context)
        case (.linkedResources(let listId, let taskId), "GET"): return try GraphTodoOperations.linkedResources(listId: listId, taskId, context)
        case (.linkedResources(let listId, let taskId), "POST"): return try GraphTodoOperations.addLinkedResource(listId: listId, taskId, context)
        case (.messagesDelta(let folder), "GET"): return try GraphDeltaOperations.messages(folder: folder, context)
        case (.sendMail, "POST"): return try GraphMailOperations.sendMail(context)
        case (.messageAttachments(let id), "GET"): return try GraphAttachmentOperations.list(messageId: id, context)
        default: throw unsupported()
        }
    }

    static func user(_ context: GraphCallContext) -> GraphJSON {
        .fields([
            "id": .string(GraphEndpoint.userObjectId(context.seed.primarySmtpAddress)),
            "displayName": .string(context.seed.displayName),
            "mail": .string(context.seed.primarySmtpAddress),
            "userPrincipalName": .string(context.seed.primarySmtpAddress),
        ])
    }

    /// A page of a collection: `$top` (or `odata.maxpagesize`, default 10, at most 1000) from
    /// `$skip`, with an `@odata.nextLink` that repeats the request with the next `$skip`.
    static func page(_ values: [GraphJSON], options: GraphQueryOptions, context: GraphCallContext) -> GraphHTTPResponse {
        page(values, rendering: { $0 }, options: options, context: context)
    }

    /// A page of `items`, only the page's items rendered (a list of 10,000 events is not written
    /// whole for each of its pages).
    static func page<Item>(_ values: [Item], rendering render: (Item) -> GraphJSON, options: GraphQueryOptions, context: GraphCallContext)
        -> GraphHTTPResponse
    {
        let size = min(options.top ?? context.preferences.maxPageSize ?? 10, 1000)
        let slice = values.dropFirst(options.skip).prefix(size).map(render)
        var fields: [GraphJSON.Member] = [.init("value", .array(slice))]
        if options.skip + slice.count < values.count, size > 0 {
            var parameters = context.request.rawQuery.split(separator: "&").map(String.init).filter { !$0.hasPrefix("$skip=") && !$0.hasPrefix("%24skip=") }
            parameters.append("$skip=\(options.skip + slice.count)")
            if options.top == nil { parameters.append("$top=\(size)") }
            fields.append(.init("@odata.nextLink", .string("\(context.request.origin)\(GraphEndpoint.pathPrefix)\(context.request.path)?\(parameters.joined(separator: "&"))")))
        }
        return .json(.object(fields))
    }

    /// A folder id from the path (or the distinguished folder when absent), of the expected class.
    static func folderId(_ restId: String?, distinguished: String, folderClass: String, in contents: MailboxContents) throws(GraphError) -> String {
        guard let restId else {
            guard let id = contents.folderId(distinguished: distinguished) else { throw GraphError.itemNotFound }
            return id
        }
        guard case .folder(let id) = try GraphIds.resolve(restId, in: contents), contents.folders[id]?.folderClass == folderClass else {
            throw GraphError.itemNotFound
        }
        return id
    }

    /// An item id from the path, which must name an item of `kind`.
    static func item(_ restId: String, kind: ItemKind, in contents: MailboxContents) throws(GraphError) -> StoredItem {
        guard case .item(let id) = try GraphIds.resolve(restId, in: contents), let item = contents.items[id], item.kind == kind else {
            throw GraphError.itemNotFound
        }
        return item
    }

    /// An EWS error of the store, as Graph reports it.
    static func graphError(_ error: EWSError) -> GraphError {
        switch error.code {
        case "ErrorItemNotFound": GraphError.itemNotFound
        case "ErrorTimeZone": GraphError(400, "TimeZoneNotSupportedException", error.message)
        default: GraphError(400, error.code, error.message)
        }
    }

    /// Applies property changes to a stored item and checks it is still valid.
    static func apply(_ changes: GraphEventMapping.Changes, to item: inout StoredItem, context: GraphCallContext) throws(GraphError) {
        for name in changes.remove { item.removeProperty(name) }
        for element in changes.set { item.setProperty(element) }
        for (key, element) in changes.extended { item.extendedProperties[key] = element }
        do throws(EWSError) {
            try ItemBuilder(order: context.exchange.order, timeZoneContext: context.mailboxZone).complete(&item)
        } catch {
            throw graphError(error)
        }
    }

    /// Builds a new item of `kind` in `folderId` from changes.
    static func build(_ kind: ItemKind, _ changes: GraphEventMapping.Changes, folderId: String, context: GraphCallContext) throws(GraphError) -> StoredItem {
        let element = XMLElementNode.t(kind.elementName, children: changes.set + changes.extended.map(\.1))
        do throws(EWSError) {
            return try ItemBuilder(order: context.exchange.order, timeZoneContext: context.mailboxZone).build(from: element, folderId: folderId, now: context.now)
        } catch {
            throw graphError(error)
        }
    }
}
