/// Microsoft To Do lists and tasks.
extension GraphClient {
    static func tasks(_ mailbox: String, listID: String) -> GraphPath {
        .user(mailbox).appending("todo").appending("lists").appending(id: listID).appending("tasks")
    }

    public func todoTaskLists(mailbox: String) async throws -> [GraphTodoTaskList] {
        try await readAllPages(at: .user(mailbox).appending("todo").appending("lists"), query: [], mailbox: mailbox, operation: "todoTaskLists")
    }

    /// Creates a task (linked resources included, which is how a task is tagged). Not retried
    /// after a failure that may have reached Graph.
    public func createTask(_ task: GraphTodoTask, listID: String, mailbox: String) async throws -> GraphTodoTask {
        try await createItem(task, at: Self.tasks(mailbox, listID: listID), mailbox: mailbox, operation: "createTask", isIdempotent: false)
    }

    /// Reads a task with its linked resources.
    public func task(id: String, listID: String, mailbox: String) async throws -> GraphTodoTask {
        try await readItem(
            at: Self.tasks(mailbox, listID: listID).appending(id: id), query: [("$expand", "linkedResources")], mailbox: mailbox,
            operation: "getTask")
    }

    public func updateTask(id: String, listID: String, etag: String, changes: GraphChanges<GraphTodoTask>, mailbox: String) async throws -> GraphTodoTask {
        try await updateItem(at: Self.tasks(mailbox, listID: listID).appending(id: id), etag: etag, changes: changes, mailbox: mailbox, operation: "updateTask")
    }

    public func deleteTask(id: String, listID: String, etag: String, mailbox: String) async throws {
        try await deleteItem(at: Self.tasks(mailbox, listID: listID).appending(id: id), etag: etag, mailbox: mailbox, operation: "deleteTask")
    }

    /// Every task of a list with its linked resources (To Do offers no `$filter` on them: a search
    /// by linked resource reads the list).
    public func tasksWithLinkedResources(listID: String, mailbox: String) async throws -> [GraphTodoTask] {
        try await readAllPages(at: Self.tasks(mailbox, listID: listID), query: [("$expand", "linkedResources")], mailbox: mailbox, operation: "listTasks")
    }

    /// Adds a linked resource to a task (a PATCH of the task cannot write them).
    public func addLinkedResource(_ resource: GraphLinkedResource, taskID: String, listID: String, mailbox: String) async throws -> GraphLinkedResource {
        try await createItem(
            resource, at: Self.tasks(mailbox, listID: listID).appending(id: taskID).appending("linkedResources"), mailbox: mailbox,
            operation: "createLinkedResource", isIdempotent: false)
    }
}
