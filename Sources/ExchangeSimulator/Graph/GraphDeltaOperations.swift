import Foundation

/// `calendarView/delta`, `contacts/delta` and `todo/lists/{id}/tasks/delta`.
///
/// A round compares what the client saw (the snapshot behind its deltaLink) with the store now:
/// new and changed entries come back whole, except plain occurrences, which are skeletons
/// (`id`, `seriesMasterId`, `type`, `start`, `end`), and the series master is never listed;
/// vanished entries come back as `@removed`. An event changed outside the window since the
/// last round is also reported as `@removed` (as Exchange Online does), so a client must not
/// delete on it blindly.
enum GraphDeltaOperations {
    static let defaultPageSize = 10
    static let maximumPageSize = 1000

    static func calendarView(_ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        try run(context, odataType: "#microsoft.graph.event") { () throws(GraphError) -> GraphDeltaStore.Scope in
            let (start, end) = try GraphEventOperations.window(context)
            let folder = try GraphOperations.folderId(nil, distinguished: "calendar", folderClass: "IPF.Appointment", in: context.mailbox.snapshot)
            return .calendarView(folderId: folder, start: start, end: end)
        } matches: { scope in
            if case .calendarView = scope { return true }
            return false
        }
    }

    static func contacts(folderId: String?, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let folder = try GraphOperations.folderId(folderId, distinguished: "contacts", folderClass: "IPF.Contact", in: context.mailbox.snapshot)
        return try run(context, odataType: "#microsoft.graph.contact") { () throws(GraphError) in .contacts(folderId: folder) } matches: {
            $0 == .contacts(folderId: folder)
        }
    }

    static func tasks(listId: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let folder = try GraphTodoOperations.listId(listId, in: context.mailbox.snapshot)
        return try run(context, odataType: "#microsoft.graph.todoTask") { () throws(GraphError) in .tasks(folderId: folder) } matches: {
            $0 == .tasks(folderId: folder)
        }
    }

    /// `mailFolders/{id}/messages/delta`: the first request's `$select` is honoured on every page
    /// and round of the chain, and its `$filter=receivedDateTime ge …` bounds the chain to a window.
    static func messages(folder segment: String, _ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let folder = try GraphMailOperations.folderId(segment, in: context.mailbox.snapshot)
        return try run(context, odataType: "#microsoft.graph.message") { () throws(GraphError) in
            let options = try GraphQueryOptions(context.query.filter { $0.key == "$select" || $0.key == "$expand" })
            return .messages(
                folderId: folder, receivedSince: try GraphMailOperations.receivedSince(context.query), select: options.select,
                expand: options.expandedExtendedProperties)
        } matches: {
            if case .messages(let id, _, _, _) = $0 { return id == folder }
            return false
        }
    }

    private static func run(
        _ context: GraphCallContext, odataType: String,
        initialScope: () throws(GraphError) -> GraphDeltaStore.Scope, matches: (GraphDeltaStore.Scope) -> Bool
    ) throws(GraphError) -> GraphHTTPResponse {
        let store = context.endpoint.state.deltas
        let query = context.query
        if query["$select"] != nil, odataType == "#microsoft.graph.event" {
            throw GraphError.badRequest("$select is not supported on calendarView/delta.", code: "ErrorInvalidUrlQuery")
        }
        let contents = context.mailbox.snapshot
        let address = context.seed.primarySmtpAddress
        let chain: String
        let scope: GraphDeltaStore.Scope
        let round: GraphDeltaStore.Round
        let offset: Int
        var size = min(max(context.preferences.maxPageSize ?? defaultPageSize, 1), maximumPageSize)
        if let token = query["$skiptoken"] ?? query["$deltatoken"] {
            let resolved = try store.resolve(token, mailbox: address, now: context.now)
            guard matches(resolved.scope) else {
                throw GraphError.badRequest("The delta token does not belong to this resource.", code: "ErrorInvalidUrlQuery")
            }
            chain = resolved.chain
            scope = resolved.scope
            switch resolved.link {
            case .page(let pending, let at, let pageSize):
                round = pending
                offset = at
                if context.preferences.maxPageSize == nil { size = pageSize }
            case .delta(let snapshot, let since, let pageSize):
                if context.preferences.maxPageSize == nil { size = pageSize }
                round = try Self.round(scope: scope, contents: contents, zone: context.mailboxZone, previous: snapshot, since: since, now: context.now)
                offset = 0
            }
        } else {
            scope = try initialScope()
            chain = store.startChain(mailbox: address, scope: scope, now: context.now)
            round = try Self.round(scope: scope, contents: contents, zone: context.mailboxZone, previous: nil, since: nil, now: context.now)
            offset = 0
        }
        let slice = round.entries.dropFirst(offset).prefix(size)
        var options = context.options
        options.select = nil
        if case .messages(_, _, let select, let expand) = scope {
            options.select = select
            options.expandedExtendedProperties = expand
        }
        let values = slice.map { render($0, scope: scope, contents: contents, zone: context.mailboxZone, options: options, odataType: odataType) }
        var path = context.request.path
        if path.hasSuffix("delta()") { path = String(path.dropLast(2)) }
        let base = "\(context.request.origin)\(GraphEndpoint.pathPrefix)\(path)"
        var fields: [GraphJSON.Member] = [.init("value", .array(values))]
        if offset + slice.count < round.entries.count {
            let token = store.issue(.page(round, offset: offset + slice.count, pageSize: size), chain: chain, now: context.now)
            fields.append(.init("@odata.nextLink", .string("\(base)?$skiptoken=\(token)")))
        } else {
            let token = store.issue(.delta(round.snapshot, since: round.startedAt, pageSize: size), chain: chain, now: context.now)
            fields.append(.init("@odata.deltaLink", .string("\(base)?$deltatoken=\(token)")))
        }
        var applied = "odata.track-changes"
        if let requested = context.preferences.maxPageSize { applied += ", odata.maxpagesize=\(min(max(requested, 1), maximumPageSize))" }
        return .json(.object(fields), headers: ["Preference-Applied": applied])
    }

    // MARK: What the collection holds now

    static func itemKey(_ item: StoredItem) -> String { "i:\(item.immutableId)" }

    static func occurrenceKey(master: StoredItem, originalStart: Date) -> String {
        "o:\(master.immutableId):\(Int64(originalStart.timeIntervalSince1970))"
    }

    static func seen(_ item: StoredItem) -> GraphDeltaStore.Seen {
        .init(version: item.changeKey, restId: GraphIds.restId(of: item, immutable: false), immutableRestId: GraphIds.restId(of: item, immutable: true))
    }

    static func current(scope: GraphDeltaStore.Scope, contents: MailboxContents, zone: TimeZone) throws(GraphError)
        -> [(key: String, seen: GraphDeltaStore.Seen)]
    {
        switch scope {
        case .calendarView(let folderId, let start, let end):
            var result: [(key: String, seen: GraphDeltaStore.Seen)] = []
            for entry in try GraphEventOperations.view(folderId: folderId, from: start, to: end, contents: contents, zone: zone) {
                guard let instance = entry.instance else {
                    result.append((key: itemKey(entry.item), seen: seen(entry.item)))
                    continue
                }
                let master = entry.item
                let version = master.changeKey + (master.modifiedOccurrences[instance.originalStart]?.changeKey ?? "")
                let seen = GraphDeltaStore.Seen(
                    version: version, restId: GraphIds.restId(ofOccurrence: instance.originalStart, master: master, immutable: false),
                    immutableRestId: GraphIds.restId(ofOccurrence: instance.originalStart, master: master, immutable: true))
                result.append((key: occurrenceKey(master: master, originalStart: instance.originalStart), seen: seen))
            }
            return result
        case .contacts(let folderId):
            return contents.items(inFolder: folderId).filter { $0.kind == .contact }.sorted { $0.created < $1.created }
                .map { (itemKey($0), seen($0)) }
        case .tasks(let folderId):
            return contents.items(inFolder: folderId).filter { $0.kind == .task }.sorted { $0.created < $1.created }
                .map { (itemKey($0), seen($0)) }
        case .messages(let folderId, let since, _, _):
            return contents.items(inFolder: folderId).filter { $0.kind == .message }
                .filter { since == nil || received($0) >= since! }
                .sorted { ($0.created, $0.immutableId) < ($1.created, $1.immutableId) }
                .map { (itemKey($0), seen($0)) }
        }
    }

    /// When a message was received (DateTimeReceived, else when the store got it).
    static func received(_ item: StoredItem) -> Date {
        item.property("DateTimeReceived").flatMap { EWSDateTime.parse($0.text, floatingIn: .gmt) } ?? item.created
    }

    static func round(
        scope: GraphDeltaStore.Scope, contents: MailboxContents, zone: TimeZone, previous: GraphDeltaStore.Snapshot?, since: Date?,
        now: Date
    ) throws(GraphError) -> GraphDeltaStore.Round {
        let entries = try current(scope: scope, contents: contents, zone: zone)
        var snapshot: GraphDeltaStore.Snapshot = [:]
        var result: [GraphDeltaStore.Entry] = []
        for (key, seen) in entries {
            snapshot[key] = seen
            if previous?[key]?.version != seen.version { result.append(.changed(key: key)) }
        }
        if let previous {
            for (key, seen) in previous.sorted(by: { $0.key < $1.key }) where snapshot[key] == nil {
                result.append(.removed(key: key, seen: seen))
            }
            // Events changed outside the window since the last round: reported as removed.
            if case .calendarView(let folderId, _, _) = scope, let since {
                let inView = Set(entries.map { $0.key.split(separator: ":").dropFirst().first.map(String.init) ?? "" })
                let before = Set(previous.keys.map { $0.split(separator: ":").dropFirst().first.map(String.init) ?? "" })
                for item in contents.items(inFolder: folderId) where item.kind == .calendarItem && item.lastModified >= since {
                    guard !inView.contains(item.immutableId), !before.contains(item.immutableId) else { continue }
                    result.append(.removed(key: itemKey(item), seen: seen(item)))
                }
            }
        }
        return GraphDeltaStore.Round(entries: result, snapshot: snapshot, startedAt: now)
    }

    static func render(
        _ entry: GraphDeltaStore.Entry, scope: GraphDeltaStore.Scope, contents: MailboxContents, zone: TimeZone, options: GraphRenderOptions,
        odataType: String
    ) -> GraphJSON {
        func removed(_ seen: GraphDeltaStore.Seen) -> GraphJSON {
            .fields([
                "@odata.type": .string(odataType), "id": .string(options.immutableIds ? seen.immutableRestId : seen.restId),
                "@removed": .fields(["reason": .string("deleted")]),
            ])
        }
        switch entry {
        case .removed(_, let seen):
            return removed(seen)
        case .changed(let key):
            let parts = key.split(separator: ":").map(String.init)
            if parts.first == "i", parts.count == 2, let item = contents.item(immutableId: parts[1]) {
                var value: GraphJSON
                switch item.kind {
                case .calendarItem: value = GraphEventMapping.render(item, mailbox: contents, options: options)
                case .contact: value = GraphContactMapping.render(item, options: options)
                case .message: value = GraphMessageMapping.render(item, options: options)
                default: value = GraphTaskMapping.render(item, options: options)
                }
                if case .object(var members) = value {
                    members.insert(.init("@odata.type", .string(odataType)), at: 0)
                    value = .object(members)
                }
                return value
            }
            if parts.first == "o", parts.count == 3, let master = contents.item(immutableId: parts[1]), let seconds = Int64(parts[2]) {
                let originalStart = Date(timeIntervalSince1970: TimeInterval(seconds))
                if let instance = try? CalendarExpansion.instance(of: master, originalStart: originalStart, contents: contents, mailboxZone: zone) {
                    if instance.isException {
                        var value = GraphEventMapping.render(master, instance: instance, mailbox: contents, options: options)
                        if case .object(var members) = value {
                            members.insert(.init("@odata.type", .string(odataType)), at: 0)
                            value = .object(members)
                        }
                        return value
                    }
                    return GraphEventMapping.skeleton(instance, master: master, options: options)
                }
                let id = Identifiers.occurrenceId(masterId: options.immutableIds ? master.immutableId : master.id, originalStart: originalStart)
                return removed(.init(version: "", restId: GraphIds.restId(fromEWS: id), immutableRestId: GraphIds.restId(fromEWS: id)))
            }
            // Gone since the round began: the next round reports it; say removed now.
            let id = parts.count == 2 ? GraphIds.restId(fromEWS: parts[1]) : (parts.last ?? "")
            return .fields(["@odata.type": .string(odataType), "id": .string(id), "@removed": .fields(["reason": .string("deleted")])])
        }
    }
}
