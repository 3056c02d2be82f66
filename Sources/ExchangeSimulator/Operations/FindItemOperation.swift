import Foundation

/// FindItem: IndexedPageItemView paging, CalendarView expansion of recurring masters,
/// restrictions, sort order. One response message per parent folder.
struct FindItemOperation: EWSOperation {
    static let name = "FindItem"
    /// EWSFindCountLimit: 1000 per page, 250 with a restriction (Exchange 2013+ and EXO).
    static let findCountLimit = 1000
    static let restrictedFindCountLimit = 250
    /// What FindItem never returns, even under AllProperties ("FindItem does not return a message
    /// body, attachments, or recipient lists": Microsoft's EWS documentation; GetItem does).
    /// Asked for by name, they are refused, as Exchange refuses them.
    static let notReturned: Set<String> = ["Body", "UniqueBody", "MimeContent", "Attachments", "ToRecipients", "CcRecipients", "BccRecipients"]

    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode {
        let shape = ItemShape(request.child("ItemShape"))
        let traversal = request[attribute: "Traversal"] ?? "Shallow"
        let restrictionNode = request.child("Restriction")?.children.first
        if let restrictionNode { try Restriction.check(restrictionNode) }
        let calendarView = request.child("CalendarView")
        if calendarView != nil && (restrictionNode != nil || request.child("SortOrder") != nil) {
            throw EWSError("ErrorInvalidRestriction", "Restrictions and sort order may not be specified for a CalendarView.")
        }
        let contents = context.mailbox.snapshot
        var renderer = ItemRenderer(contents: contents, order: context.order)
        renderer.withheld = Self.notReturned
        var messages: [XMLElementNode] = []
        for idElement in request.child("ParentFolderIds")?.children ?? [] {
            do throws(EWSError) {
                if let refused = shape.fieldNames.first(where: Self.notReturned.contains) {
                    throw EWSError("ErrorInvalidPropertyRequest", "The property \(refused) can't be used in FindItem requests.")
                }
                let folderId = try TargetResolution.folderId(idElement, in: contents)
                // Soft-deleted and associated items do not exist in the simulator.
                var items = traversal == "Shallow" ? contents.items(inFolder: folderId) : []
                if let restrictionNode {
                    let restriction = Restriction(expression: restrictionNode, renderer: renderer)
                    items = items.filter { restriction.matches($0) }
                }
                let root: XMLElementNode
                if let calendarView {
                    root = try calendar(items, view: calendarView, shape: shape, contents: contents, renderer: renderer, context: context)
                } else {
                    root = try paged(
                        sort(items, request.child("SortOrder"), renderer: renderer), view: request.child("IndexedPageItemView"),
                        restricted: restrictionNode != nil, shape: shape, renderer: renderer)
                }
                messages.append(ResponseMessage.success(Self.name, [root]))
            } catch {
                messages.append(ResponseMessage.error(Self.name, error))
            }
        }
        return ResponseMessage.envelope(Self.name, messages)
    }

    private func sort(_ items: [StoredItem], _ sortOrder: XMLElementNode?, renderer: ItemRenderer) -> [StoredItem] {
        let defaultOrder = items.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
        guard let field = sortOrder?.children.first, let uri = field.child("FieldURI")?[attribute: "FieldURI"] else {
            return defaultOrder
        }
        let name = ItemShape.propertyName(of: uri)
        let descending = field[attribute: "Order"] == "Descending"
        func key(_ item: StoredItem) -> String {
            renderer.allProperties(of: item).first { $0.name == name }?.text ?? ""
        }
        return defaultOrder.map { ($0, key($0)) }.sorted { descending ? $0.1 > $1.1 : $0.1 < $1.1 }.map(\.0)
    }

    private func paged(_ items: [StoredItem], view: XMLElementNode?, restricted: Bool, shape: ItemShape, renderer: ItemRenderer)
        throws(EWSError) -> XMLElementNode
    {
        let limit = restricted ? Self.restrictedFindCountLimit : Self.findCountLimit
        let requested = view?[attribute: "MaxEntriesReturned"].flatMap(Int.init) ?? limit
        let pageSize = min(requested, limit)
        let offset = view?[attribute: "Offset"].flatMap(Int.init) ?? 0
        guard offset >= 0 else { throw EWSError("ErrorInvalidPagingMaxRows", "The paging offset is invalid.") }
        let fromEnd = view?[attribute: "BasePoint"] == "End"
        let ordered = fromEnd ? Array(items.reversed()) : items
        let page = Array(ordered.dropFirst(offset).prefix(pageSize))
        let includesLast = offset + page.count >= items.count
        var attributes = ["TotalItemsInView": String(items.count), "IncludesLastItemInRange": includesLast ? "true" : "false"]
        if !includesLast { attributes["IndexedPagingOffset"] = String(offset + page.count) }
        return .m("RootFolder", attributes: attributes, children: [.t("Items", children: page.map { renderer.render($0, shape: shape) })])
    }

    private func calendar(
        _ items: [StoredItem], view: XMLElementNode, shape: ItemShape, contents: MailboxContents, renderer: ItemRenderer,
        context: OperationContext
    ) throws(EWSError) -> XMLElementNode {
        guard let from = view[attribute: "StartDate"].flatMap({ EWSDateTime.parse($0, floatingIn: context.timeZoneContext) }),
            let to = view[attribute: "EndDate"].flatMap({ EWSDateTime.parse($0, floatingIn: context.timeZoneContext) }), from <= to
        else { throw EWSError("ErrorInvalidRequest", "CalendarView needs a StartDate before its EndDate.") }
        // Exchange refuses calendar views spanning more than two years.
        guard to.timeIntervalSince(from) <= 2 * 366 * 86_400 else {
            throw EWSError("ErrorCalendarViewRangeTooBig", "The time range for a CalendarView must not exceed two years.")
        }
        let zone = context.mailboxTimeZone(contents)
        var entries: [(start: Date, element: XMLElementNode)] = []
        for item in items where item.kind == .calendarItem {
            if item.isRecurringMaster {
                for instance in try CalendarExpansion.instances(of: item, contents: contents, mailboxZone: zone, from: from, to: to) {
                    entries.append((instance.start, renderer.renderOccurrence(instance, master: item, shape: shape)))
                }
            } else if let start = CalendarExpansion.start(of: item), let end = CalendarExpansion.end(of: item),
                end > from && start < to || start == end && start >= from && start < to
            {
                entries.append((start, renderer.render(item, shape: shape)))
            }
        }
        entries.sort { $0.start < $1.start }
        // MaxEntriesReturned caps the answer; the caller learns it was cut from IncludesLastItemInRange.
        let maximum = view[attribute: "MaxEntriesReturned"].flatMap(Int.init) ?? Self.findCountLimit
        let page = entries.prefix(min(maximum, Self.findCountLimit))
        return .m(
            "RootFolder",
            attributes: ["TotalItemsInView": String(entries.count), "IncludesLastItemInRange": page.count == entries.count ? "true" : "false"],
            children: [.t("Items", children: page.map(\.element))])
    }
}
