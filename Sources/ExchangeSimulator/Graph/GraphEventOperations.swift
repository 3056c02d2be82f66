import Foundation

/// Events, series, instances, calendarView and calendars on the store's calendar folders.
enum GraphEventOperations {
    static func calendarJSON(_ folder: FolderRecord, context: GraphCallContext) -> GraphJSON {
        .fields([
            "id": .string(GraphIds.restId(fromEWS: folder.id)),
            "name": .string(folder.displayName),
            "changeKey": .string(folder.changeKey),
            "canEdit": .bool(true),
            "canShare": .bool(true),
            "isDefaultCalendar": .bool(folder.distinguishedName == "calendar"),
            "owner": .fields(["name": .string(context.seed.displayName), "address": .string(context.seed.primarySmtpAddress)]),
        ])
    }

    static func calendar(_ restId: String?, _ context: GraphCallContext) throws(GraphError) -> GraphJSON {
        let contents = context.mailbox.snapshot
        let id = try GraphOperations.folderId(restId, distinguished: "calendar", folderClass: "IPF.Appointment", in: contents)
        return calendarJSON(contents.folders[id]!, context: context)
    }

    static func calendars(_ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let contents = context.mailbox.snapshot
        let folders = contents.folders.values.filter { $0.folderClass == "IPF.Appointment" }
            .sorted { ($0.distinguishedName == "calendar" ? 0 : 1, $0.displayName) < ($1.distinguishedName == "calendar" ? 0 : 1, $1.displayName) }
        return GraphOperations.page(folders.map { calendarJSON($0, context: context) }, options: try GraphQueryOptions(context.query), context: context)
    }

    /// `GET /events`: single instances and series masters (occurrences are not listed).
    static func list(calendarId: String?, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let query = try GraphQueryOptions(context.query)
        var options = context.options
        query.apply(to: &options)
        let contents = context.mailbox.snapshot
        let folderId = try GraphOperations.folderId(calendarId, distinguished: "calendar", folderClass: "IPF.Appointment", in: contents)
        let items = contents.items(inFolder: folderId).filter { $0.kind == .calendarItem && query.matches($0) }
            .sorted { ($0.created, $0.immutableId) < ($1.created, $1.immutableId) }
        return GraphOperations.page(
            items, rendering: { GraphEventMapping.render($0, mailbox: contents, options: options) }, options: query, context: context)
    }

    static func create(calendarId: String?, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let body = try context.schema.validate(try context.body(), as: "event")
        let changes = try GraphEventMapping.changes(from: body)
        let transactionId = body["transactionId"]?.stringValue
        let payload = body.canonical()
        let options = context.options
        let result = context.mailbox.withContents { contents -> Result<(StoredItem, Bool), GraphError> in
            do throws(GraphError) {
                let folderId = try GraphOperations.folderId(calendarId, distinguished: "calendar", folderClass: "IPF.Appointment", in: contents)
                if let transactionId, let existing = contents.items.values.first(where: { $0.kind == .calendarItem && $0.transactionId == transactionId }) {
                    // Same transactionId: the same payload is a retry and gets the existing event;
                    // another payload is refused (alcionai/corso#2490).
                    guard existing.transactionPayload == payload else {
                        throw GraphError(
                            400, "ErrorDuplicateTransactionId",
                            "Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.")
                    }
                    return .success((existing, false))
                }
                var item = try GraphOperations.build(.calendarItem, changes, folderId: folderId, context: context)
                item.transactionId = transactionId
                item.transactionPayload = transactionId == nil ? nil : payload
                contents.insert(item)
                return .success((item, true))
            } catch {
                return .failure(error)
            }
        }
        let (item, _) = try result.get()
        return .json(GraphEventMapping.render(item, mailbox: context.mailbox.snapshot, options: options), status: 201)
    }

    enum Target {
        case item(StoredItem)
        case occurrence(master: StoredItem, instance: CalendarExpansion.Instance)
    }

    static func target(_ restId: String, in contents: MailboxContents, zone: TimeZone) throws(GraphError) -> Target {
        switch try GraphIds.resolve(restId, in: contents) {
        case .item(let id):
            guard let item = contents.items[id], item.kind == .calendarItem else { throw GraphError.itemNotFound }
            return .item(item)
        case .occurrence(let masterId, let originalStart):
            guard let master = contents.items[masterId], master.isRecurringMaster, !master.deletedOccurrences.contains(originalStart) else {
                throw GraphError.itemNotFound
            }
            let instance: CalendarExpansion.Instance?
            do throws(EWSError) {
                instance = try CalendarExpansion.instance(of: master, originalStart: originalStart, contents: contents, mailboxZone: zone)
            } catch {
                throw GraphOperations.graphError(error)
            }
            guard let instance else { throw GraphError.itemNotFound }
            return .occurrence(master: master, instance: instance)
        case .folder:
            throw GraphError.itemNotFound
        }
    }

    static func get(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let query = try GraphQueryOptions(context.query)
        var options = context.options
        query.apply(to: &options)
        let contents = context.mailbox.snapshot
        switch try target(restId, in: contents, zone: context.mailboxZone) {
        case .item(let item): return .json(GraphEventMapping.render(item, mailbox: contents, options: options))
        case .occurrence(let master, let instance): return .json(GraphEventMapping.render(master, instance: instance, mailbox: contents, options: options))
        }
    }

    /// Properties an occurrence may override (the rest belongs to the series).
    static let occurrenceProperties: Set<String> = [
        "Subject", "Body", "Start", "End", "Location", "IsAllDayEvent", "LegacyFreeBusyStatus", "Importance", "Sensitivity",
        "ReminderIsSet", "ReminderMinutesBeforeStart", "Categories",
    ]

    static func update(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let body = try context.schema.validate(try context.body(), as: "event")
        let changes = try GraphEventMapping.changes(from: body)
        let zone = context.mailboxZone
        let result = context.mailbox.withContents { contents -> Result<(StoredItem, CalendarExpansion.Instance?), GraphError> in
            do throws(GraphError) {
                switch try target(restId, in: contents, zone: zone) {
                case .item(var item):
                    try context.checkIfMatch(item.changeKey)
                    try GraphOperations.apply(changes, to: &item, context: context)
                    item.touch(at: context.now)
                    contents.replace(item)
                    return .success((item, nil))
                case .occurrence(var master, let instance):
                    let existing = master.modifiedOccurrences[instance.originalStart]
                    try context.checkIfMatch(existing?.changeKey ?? master.changeKey)
                    if changes.set.contains(where: { $0.name == "Recurrence" }) || !changes.extended.isEmpty {
                        throw GraphError(400, "ErrorInvalidRequest", "An occurrence cannot change the recurrence or extended properties of its series.")
                    }
                    var overrides = existing?.properties ?? []
                    for element in changes.set where occurrenceProperties.contains(element.name) {
                        overrides.removeAll { $0.name == element.name }
                        overrides.append(element)
                    }
                    overrides.removeAll { changes.remove.contains($0.name) }
                    master.touch(at: context.now)
                    master.modifiedOccurrences[instance.originalStart] = StoredItem.ModifiedOccurrence(
                        itemId: existing?.itemId ?? Identifiers.newItemId(), changeKey: master.changeKey, properties: overrides)
                    contents.replace(master)
                    let updated: CalendarExpansion.Instance?
                    do throws(EWSError) {
                        updated = try CalendarExpansion.instance(of: master, originalStart: instance.originalStart, contents: contents, mailboxZone: zone)
                    } catch {
                        throw GraphOperations.graphError(error)
                    }
                    return .success((master, updated))
                }
            } catch {
                return .failure(error)
            }
        }
        let (item, instance) = try result.get()
        return .json(GraphEventMapping.render(item, instance: instance, mailbox: context.mailbox.snapshot, options: context.options))
    }

    /// DELETE moves a single event or series to Deleted Items (as Graph does) and cancels one occurrence.
    static func delete(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let zone = context.mailboxZone
        let result = context.mailbox.withContents { contents -> Result<Void, GraphError> in
            do throws(GraphError) {
                switch try target(restId, in: contents, zone: zone) {
                case .item(let item):
                    try context.checkIfMatch(item.changeKey)
                    guard let deleted = contents.folderId(distinguished: "deleteditems") else { throw GraphError.itemNotFound }
                    if item.folderId == deleted {
                        contents.remove(item.id)
                    } else {
                        _ = contents.move(item.id, to: deleted, at: context.now)
                    }
                case .occurrence(var master, let instance):
                    try context.checkIfMatch(master.modifiedOccurrences[instance.originalStart]?.changeKey ?? master.changeKey)
                    master.modifiedOccurrences[instance.originalStart] = nil
                    master.deletedOccurrences.insert(instance.originalStart)
                    master.touch(at: context.now)
                    contents.replace(master)
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        return .noContent
    }

    /// The window of calendarView and instances: both bounds are required.
    static func window(_ context: GraphCallContext) throws(GraphError) -> (Date, Date) {
        let query = context.query
        func value(_ name: String) -> String? {
            query.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        guard let startText = value("startDateTime"), let endText = value("endDateTime") else {
            throw GraphError(
                400, "ErrorInvalidParameter",
                "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.")
        }
        guard let start = GraphDateTime.parseQuery(startText), let end = GraphDateTime.parseQuery(endText) else {
            throw GraphError(400, "ErrorInvalidParameter", "The value of startDateTime or endDateTime is not a valid date and time.")
        }
        guard start < end else { throw GraphError(400, "ErrorInvalidParameter", "endDateTime must be later than startDateTime.") }
        return (start, end)
    }

    /// Singles overlapping the window, and the occurrences and exceptions of series.
    static func view(folderId: String, from start: Date, to end: Date, contents: MailboxContents, zone: TimeZone) throws(GraphError)
        -> [(item: StoredItem, instance: CalendarExpansion.Instance?)]
    {
        var result: [(item: StoredItem, instance: CalendarExpansion.Instance?, start: Date)] = []
        for item in contents.items(inFolder: folderId) where item.kind == .calendarItem {
            if item.isRecurringMaster {
                let instances: [CalendarExpansion.Instance]
                do throws(EWSError) {
                    instances = try CalendarExpansion.instances(of: item, contents: contents, mailboxZone: zone, from: start, to: end)
                } catch {
                    throw GraphOperations.graphError(error)
                }
                for instance in instances { result.append((item: item, instance: instance, start: instance.start)) }
            } else if let itemStart = CalendarExpansion.start(of: item), let itemEnd = CalendarExpansion.end(of: item),
                itemEnd > start, itemStart < end || (itemStart == itemEnd && itemStart == start)
            {
                result.append((item: item, instance: nil, start: itemStart))
            }
        }
        result.sort { ($0.start, $0.item.immutableId) < ($1.start, $1.item.immutableId) }
        return result.map { ($0.item, $0.instance) }
    }

    static func calendarView(calendarId: String?, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let (start, end) = try window(context)
        let query = try GraphQueryOptions(context.query)
        var options = context.options
        query.apply(to: &options)
        let contents = context.mailbox.snapshot
        let folderId = try GraphOperations.folderId(calendarId, distinguished: "calendar", folderClass: "IPF.Appointment", in: contents)
        let entries = try view(folderId: folderId, from: start, to: end, contents: contents, zone: context.mailboxZone)
            .filter { query.matches($0.item) }
        return GraphOperations.page(
            entries, rendering: { GraphEventMapping.render($0.item, instance: $0.instance, mailbox: contents, options: options) },
            options: query, context: context)
    }

    static func instances(_ restId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let (start, end) = try window(context)
        let query = try GraphQueryOptions(context.query)
        var options = context.options
        query.apply(to: &options)
        let contents = context.mailbox.snapshot
        guard case .item(let master) = try target(restId, in: contents, zone: context.mailboxZone) else { throw GraphError.itemNotFound }
        guard master.isRecurringMaster else { return GraphOperations.page([], options: query, context: context) }
        let instances: [CalendarExpansion.Instance]
        do throws(EWSError) {
            instances = try CalendarExpansion.instances(of: master, contents: contents, mailboxZone: context.mailboxZone, from: start, to: end)
        } catch {
            throw GraphOperations.graphError(error)
        }
        return GraphOperations.page(
            instances, rendering: { GraphEventMapping.render(master, instance: $0, mailbox: contents, options: options) }, options: query,
            context: context)
    }
}
