import Foundation

/// The first call of a delta round: `calendarView/delta` with its window, contacts delta, To Do
/// tasks delta. Made by the client's `…Delta` functions; a `GraphDeltaRound` runs it.
public struct GraphDeltaQuery<Item: GraphModel>: Sendable, Hashable {
    /// The absolute URL of the first call.
    public let initialURL: String
    /// The library operation name, e.g. `calendarView/delta`.
    public let operation: String
    public let mailbox: String
}

extension GraphClient {
    /// Changes to the events of the primary calendar (or `calendarID`) in a window: single
    /// instances, occurrences (as skeletons) and exceptions; no series masters. Changes outside
    /// the window come as `@removed`. The window is carried by the links from then on.
    public func calendarViewDelta(mailbox: String, window: GraphTimeWindow, calendarID: String? = nil) -> GraphDeltaQuery<GraphEvent> {
        var path = GraphPath.user(mailbox)
        if let calendarID { path = path.appending("calendars").appending(id: calendarID) }
        return GraphDeltaQuery(
            initialURL: url(path.appending("calendarView").appending("delta"), query: window.queryItems),
            operation: "calendarView/delta", mailbox: mailbox)
    }

    /// Changes to the contacts of the default folder, or of `folderID`.
    public func contactsDelta(mailbox: String, folderID: String? = nil) -> GraphDeltaQuery<GraphContact> {
        GraphDeltaQuery(
            initialURL: url(Self.contacts(mailbox, folderID: folderID).appending("delta")), operation: "contacts/delta", mailbox: mailbox)
    }

    /// Changes to the tasks of one To Do list.
    public func tasksDelta(mailbox: String, listID: String) -> GraphDeltaQuery<GraphTodoTask> {
        GraphDeltaQuery(initialURL: url(Self.tasks(mailbox, listID: listID).appending("delta")), operation: "tasks/delta", mailbox: mailbox)
    }

    /// Changes to the messages of a mail folder (`inbox`, `sentitems` or a folder id), with only
    /// the `select`ed properties. `receivedSince` bounds the chain to messages received from then
    /// (`$filter=receivedDateTime ge …`, the one filter message delta accepts); `expandingExtendedProperty`
    /// adds one single-value extended property (e.g. `Integer 0x36`, PidTagSensitivity).
    public func messagesDelta(
        mailbox: String, folder: String, select: [String], receivedSince: Date? = nil, expandingExtendedProperty propertyID: String? = nil
    ) -> GraphDeltaQuery<GraphMessage> {
        var query: [(String, String)] = [("$select", select.joined(separator: ","))]
        if let receivedSince {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            query.append(("$filter", "receivedDateTime ge \(formatter.string(from: receivedSince))"))
        }
        if let propertyID { query.append(("$expand", "singleValueExtendedProperties($filter=id eq '\(propertyID)')")) }
        return GraphDeltaQuery(
            initialURL: url(GraphPath.user(mailbox).appending("mailFolders").appending(id: folder).appending("messages").appending("delta"), query: query),
            operation: "messages/delta", mailbox: mailbox)
    }

    /// Reads one delta page from `link`.
    func deltaPage<Item: GraphModel>(_ link: String, of query: GraphDeltaQuery<Item>) async throws -> GraphCollectionPage<GraphDeltaEntry<Item>> {
        let response = try await send(
            GraphRequest(
                operation: query.operation, mailbox: query.mailbox, method: .GET,
                url: try checkedLink(link, operation: query.operation, mailbox: query.mailbox), readsPages: true))
        return try Self.decodeDeltaPage(
            Data(response.body.readableBytesView), as: Item.self, operation: query.operation, mailbox: query.mailbox,
            requestID: response.headers.first(name: "request-id"))
    }

    /// Decodes a delta page. Exactly one of nextLink and deltaLink must be there; otherwise the
    /// page is refused as malformed, never taken as the end of the round.
    static func decodeDeltaPage<Item: GraphModel>(
        _ data: Data, as: Item.Type, operation: String, mailbox: String?, requestID: String? = nil
    ) throws -> GraphCollectionPage<GraphDeltaEntry<Item>> {
        let page = try GraphJSON.decode(GraphCollectionPage<GraphDeltaEntry<Item>>.self, from: data, operation: operation, mailbox: mailbox, requestID: requestID)
        switch (page.nextLink, page.deltaLink) {
        case (.some, .none), (.none, .some):
            return page
        case (.none, .none):
            throw GraphError(
                kind: .malformedResponse, operation: operation, mailbox: mailbox,
                message: "A delta page carried neither @odata.nextLink nor @odata.deltaLink; the round cannot go on.", requestID: requestID)
        case (.some, .some):
            throw GraphError(
                kind: .malformedResponse, operation: operation, mailbox: mailbox,
                message: "A delta page carried both @odata.nextLink and @odata.deltaLink.", requestID: requestID)
        }
    }
}
