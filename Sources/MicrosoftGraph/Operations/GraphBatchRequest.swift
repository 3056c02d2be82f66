import Foundation
import NIOCore

/// One request inside a `$batch`: a URL relative to the service root (`/users/u1/events`), never
/// absolute (Graph refuses those).
public struct GraphBatchRequest: Sendable {
    public var id: String
    public var method: String
    /// Relative URL, starting with `/`; build it with the `GraphBatchRequest` factories so that ids are encoded.
    public var url: String
    public var headers: [String: String]
    /// The JSON body, if any.
    public var body: Data?
    /// Ids of earlier requests of the same batch that must succeed first (Graph answers 424 otherwise).
    public var dependsOn: [String]

    public init(id: String, method: String, url: String, headers: [String: String] = [:], body: Data? = nil, dependsOn: [String] = []) {
        self.id = id
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.dependsOn = dependsOn
    }

    public static func createEvent(id: String, _ event: GraphEvent, transactionID: String, mailbox: String, dependsOn: [String] = []) throws -> GraphBatchRequest {
        var event = event
        event.transactionId = transactionID
        return GraphBatchRequest(
            id: id, method: "POST", url: GraphClient.events(mailbox, calendarID: nil).rendered, body: try GraphJSON.encoder.encode(event),
            dependsOn: dependsOn)
    }

    public static func updateEvent(id: String, eventID: String, etag: String, changes: GraphChanges<GraphEvent>, mailbox: String, dependsOn: [String] = []) throws -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "PATCH", url: GraphClient.events(mailbox, calendarID: nil).appending(id: eventID).rendered,
            headers: ["If-Match": etag], body: try GraphJSON.encoder.encode(changes), dependsOn: dependsOn)
    }

    public static func deleteEvent(id: String, eventID: String, etag: String, mailbox: String, dependsOn: [String] = []) -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "DELETE", url: GraphClient.events(mailbox, calendarID: nil).appending(id: eventID).rendered,
            headers: ["If-Match": etag], dependsOn: dependsOn)
    }

    public static func createContact(id: String, _ contact: GraphContact, mailbox: String) throws -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "POST", url: GraphClient.contacts(mailbox, folderID: nil).rendered, body: try GraphJSON.encoder.encode(contact))
    }

    public static func updateContact(id: String, contactID: String, etag: String, changes: GraphChanges<GraphContact>, mailbox: String) throws
        -> GraphBatchRequest
    {
        GraphBatchRequest(
            id: id, method: "PATCH", url: GraphClient.contacts(mailbox, folderID: nil).appending(id: contactID).rendered,
            headers: ["If-Match": etag], body: try GraphJSON.encoder.encode(changes))
    }

    public static func deleteContact(id: String, contactID: String, etag: String, mailbox: String) -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "DELETE", url: GraphClient.contacts(mailbox, folderID: nil).appending(id: contactID).rendered,
            headers: ["If-Match": etag])
    }

    /// A contact with one extended property expanded (delta pages carry none).
    public static func getContact(id: String, contactID: String, mailbox: String, expandingExtendedProperty extendedPropertyID: String? = nil)
        -> GraphBatchRequest
    {
        GraphBatchRequest(
            id: id, method: "GET",
            url: GraphClient.contacts(mailbox, folderID: nil).appending(id: contactID).rendered
                + GraphClient.relativeQuery(GraphClient.expand(extendedPropertyID)))
    }

    /// A task created with its linked resources (deep insert).
    public static func createTask(id: String, _ task: GraphTodoTask, listID: String, mailbox: String) throws -> GraphBatchRequest {
        GraphBatchRequest(id: id, method: "POST", url: GraphClient.tasks(mailbox, listID: listID).rendered, body: try GraphJSON.encoder.encode(task))
    }

    public static func updateTask(id: String, taskID: String, listID: String, etag: String, changes: GraphChanges<GraphTodoTask>, mailbox: String)
        throws -> GraphBatchRequest
    {
        GraphBatchRequest(
            id: id, method: "PATCH", url: GraphClient.tasks(mailbox, listID: listID).appending(id: taskID).rendered,
            headers: ["If-Match": etag], body: try GraphJSON.encoder.encode(changes))
    }

    public static func deleteTask(id: String, taskID: String, listID: String, etag: String, mailbox: String) -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "DELETE", url: GraphClient.tasks(mailbox, listID: listID).appending(id: taskID).rendered, headers: ["If-Match": etag])
    }

    /// A task with its linked resources.
    public static func getTask(id: String, taskID: String, listID: String, mailbox: String) -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "GET",
            url: GraphClient.tasks(mailbox, listID: listID).appending(id: taskID).rendered
                + GraphClient.relativeQuery([("$expand", "linkedResources")]))
    }

    public static func addLinkedResource(
        id: String, _ resource: GraphLinkedResource, taskID: String, listID: String, mailbox: String, dependsOn: [String] = []
    ) throws -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "POST", url: GraphClient.tasks(mailbox, listID: listID).appending(id: taskID).appending("linkedResources").rendered,
            body: try GraphJSON.encoder.encode(resource), dependsOn: dependsOn)
    }

    /// An event, with query options (`$select`, `$expand`) when given.
    public static func getEvent(id: String, eventID: String, mailbox: String, query: [(String, String)] = [], dependsOn: [String] = [])
        -> GraphBatchRequest
    {
        GraphBatchRequest(
            id: id, method: "GET",
            url: GraphClient.events(mailbox, calendarID: nil).appending(id: eventID).rendered + GraphClient.relativeQuery(query),
            dependsOn: dependsOn)
    }

    /// The occurrences and exceptions of a series between two instants (one page, up to `top`).
    public static func eventInstances(
        id: String, seriesMasterID: String, window: GraphTimeWindow, mailbox: String, select: [String], top: Int = 1000
    ) -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "GET",
            url: GraphClient.events(mailbox, calendarID: nil).appending(id: seriesMasterID).appending("instances").rendered
                + GraphClient.relativeQuery(window.queryItems + [("$select", select.joined(separator: ",")), ("$top", String(top))]))
    }

    /// Changes one occurrence (or exception) of a series, at the version `etag` names.
    public static func updateOccurrence(id: String, occurrenceID: String, etag: String?, changes: GraphChanges<GraphEvent>, mailbox: String)
        throws -> GraphBatchRequest
    {
        GraphBatchRequest(
            id: id, method: "PATCH", url: GraphClient.events(mailbox, calendarID: nil).appending(id: occurrenceID).rendered,
            headers: etag.map { ["If-Match": $0] } ?? [:], body: try GraphJSON.encoder.encode(changes))
    }

    /// Cancels one occurrence of a series (it joins the master's `cancelledOccurrences`).
    public static func deleteOccurrence(id: String, occurrenceID: String, mailbox: String) -> GraphBatchRequest {
        GraphBatchRequest(id: id, method: "DELETE", url: GraphClient.events(mailbox, calendarID: nil).appending(id: occurrenceID).rendered)
    }
}

/// The answer to one request of a `$batch`.
public struct GraphBatchResponse: Sendable {
    public var id: String
    public var status: Int
    public var headers: [String: String]
    /// The JSON body, if any.
    public var body: Data?

    /// The body as a model; a malformed one gives `.malformedResponse`.
    public func decode<Model: Decodable>(_ type: Model.Type, operation: String = "$batch") throws -> Model {
        try GraphJSON.decode(type, from: body ?? Data(), operation: operation, mailbox: nil)
    }

    /// The error of a failed request (status 4xx/5xx), typed like a direct call's.
    public var error: GraphError? {
        guard !(200..<300).contains(status) else { return nil }
        return GraphTransport.error(status: status, headers: NIOHTTPHeadersBridge.headers(headers), body: .init(bytes: body ?? Data()))
    }
}

extension GraphBatchRequest {
    /// The metadata of a message's attachments (`$select` of the base type's properties: no
    /// `contentBytes`), in one answer.
    public static func listMessageAttachments(
        id: String, messageID: String, mailbox: String, select: [String] = ["name", "contentType", "size", "isInline"]
    ) -> GraphBatchRequest {
        GraphBatchRequest(
            id: id, method: "GET",
            url: GraphPath.user(mailbox).appending("messages").appending(id: messageID).appending("attachments").rendered
                + GraphClient.relativeQuery([("$select", select.joined(separator: ","))]))
    }
}
