import Foundation

/// Events: single instances, series masters, occurrences and exceptions.
extension GraphClient {
    static func events(_ mailbox: String, calendarID: String?) -> GraphPath {
        if let calendarID { return .user(mailbox).appending("calendars").appending(id: calendarID).appending("events") }
        return .user(mailbox).appending("events")
    }

    /// Creates an event (in the default calendar unless `calendarID` is given). `transactionId` makes
    /// the POST safe to retry: Graph creates the event once per transaction id. Never use a
    /// transaction id as a unique key of an event (copies made in Outlook can share one).
    public func createEvent(_ event: GraphEvent, transactionID: String, mailbox: String, calendarID: String? = nil) async throws -> GraphEvent {
        var event = event
        event.transactionId = transactionID
        return try await createItem(
            event, at: Self.events(mailbox, calendarID: calendarID), mailbox: mailbox, operation: "createEvent", isIdempotent: true)
    }

    /// Reads an event; with `extendedPropertyID` its value of that property is expanded.
    public func event(id: String, mailbox: String, expandingExtendedProperty extendedPropertyID: String? = nil) async throws -> GraphEvent {
        try await readItem(
            at: Self.events(mailbox, calendarID: nil).appending(id: id), query: Self.expand(extendedPropertyID), mailbox: mailbox,
            operation: "getEvent")
    }

    /// Sends the changed fields with `If-Match: etag`; a stale etag gives `.preconditionFailed`.
    public func updateEvent(id: String, etag: String, changes: GraphChanges<GraphEvent>, mailbox: String) async throws -> GraphEvent {
        try await updateItem(at: Self.events(mailbox, calendarID: nil).appending(id: id), etag: etag, changes: changes, mailbox: mailbox, operation: "updateEvent")
    }

    /// Deletes an event (a series master deletes the series) with `If-Match: etag`.
    public func deleteEvent(id: String, etag: String, mailbox: String) async throws {
        try await deleteItem(at: Self.events(mailbox, calendarID: nil).appending(id: id), etag: etag, mailbox: mailbox, operation: "deleteEvent")
    }

    /// The occurrences and exceptions of a series between two instants (`/events/{id}/instances`),
    /// every page.
    public func eventInstances(seriesMasterID: String, window: GraphTimeWindow, mailbox: String) async throws -> [GraphEvent] {
        try await readAllPages(
            at: Self.events(mailbox, calendarID: nil).appending(id: seriesMasterID).appending("instances"),
            query: window.queryItems, mailbox: mailbox, operation: "eventInstances")
    }

    /// The mailbox's default calendar.
    public func defaultCalendar(mailbox: String) async throws -> GraphCalendar {
        try await readItem(at: .user(mailbox).appending("calendar"), mailbox: mailbox, operation: "getCalendar")
    }

    /// Every event of the calendar (single instances and series masters), with query options
    /// (`$select`, `$expand`), one page after the other.
    public func events(mailbox: String, query: [(String, String)]) async throws -> [GraphEvent] {
        try await readAllPages(at: Self.events(mailbox, calendarID: nil), query: query, mailbox: mailbox, operation: "listEvents")
    }

    /// The ids of every event of the calendar (single instances and series masters; occurrences
    /// are not events of their own), 1,000 to a page.
    public func eventIDs(mailbox: String) async throws -> [String] {
        let events: [GraphEvent] = try await readAllPages(
            at: Self.events(mailbox, calendarID: nil), query: [("$select", "id"), ("$top", "1000")], mailbox: mailbox,
            operation: "listEventIds")
        return events.compactMap(\.id)
    }

    static func expand(_ extendedPropertyID: String?) -> [(String, String)] {
        guard let extendedPropertyID else { return [] }
        return [("$expand", expansion(ofExtendedProperties: [extendedPropertyID]))]
    }

    /// `singleValueExtendedProperties($filter=id eq 'A' or id eq 'B')`: those properties expanded.
    public static func expansion(ofExtendedProperties ids: [String]) -> String {
        "singleValueExtendedProperties($filter=" + ids.map { "id eq '\(odataLiteral($0))'" }.joined(separator: " or ") + ")"
    }

    /// The inside of an OData string literal: single quotes doubled.
    static func odataLiteral(_ value: String) -> String {
        value.replacingOccurrences(of: "'", with: "''")
    }
}

/// The time range of a calendar view: `startDateTime`/`endDateTime`, sent in UTC with a `Z` so
/// that no zone is left to interpretation.
public struct GraphTimeWindow: Sendable, Hashable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    var queryItems: [(String, String)] {
        [("startDateTime", Self.format(start)), ("endDateTime", Self.format(end))]
    }

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
