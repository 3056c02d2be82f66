import Foundation
import MicrosoftGraph
import SyncEngine

/// Reading appointments: `calendarView/delta` over the calendar window, series hydrated from
/// their masters.
///
/// - The view lists single events, occurrences (skeletons) and exceptions, never a series master.
///   In an incremental round every event a page reports is read again whole, 20 to a `$batch`: a
///   single event by its id, a series once by its master's id (`seriesMasterId`), with its
///   exceptions, cancelled occurrences, tag and zone properties. One GET per series, never one per
///   occurrence.
/// - A removed id that is linked is reported deleted; the cycle then searches its tag before it
///   acts, so an event that only left the window (Graph reports those as removed too) is found
///   again and stays. A removed id that is not linked may be an occurrence of a series deleted
///   whole (its master is never in the view): the calendar's event ids are then listed once, and
///   linked events missing from it are reported deleted, to the same tag search.
/// - A full round (a first sync, a resync) reads its events once, at its end: single events
///   from the calendar's list, a hundred a request, series by their masters
///   (`GraphDeltaRoundMemory`). An incremental round reads a series whose instances fill several
///   pages on the first only.
/// - The window is fixed when a round starts and travels in the delta link. The cursor carries
///   the day it starts on (`#window=`); once the window is `GraphCalendarWindow.renewal` out of
///   date, the cursor is refused, and the cycle resyncs the folder over the current window,
///   re-matching by id and tag.
extension GraphMailboxConnector {
    func appointmentChanges(in mailbox: MailboxAddress, since cursor: String?, linkedItems: Set<SyncEngine.ItemID>) async throws
        -> FolderChangePage
    {
        let now = Date()
        var link: String?
        var window = calendarWindow.window(around: now)
        if let cursor {
            let stored = GraphCalendarWindow.split(cursor)
            guard let start = stored.windowStart, !calendarWindow.isOutdated(windowStart: start, now: now) else {
                throw MailboxConnectorError.cursorRejected(kind: .appointment, mailbox: mailbox)
            }
            link = stored.link
            window = GraphTimeWindow(start: start, end: window.end)
        }
        let page = try await deltaPage(
            client.calendarViewDelta(mailbox: mailbox.rawValue, window: window), since: link, kind: .appointment, mailbox: mailbox)
        var round = deltaRounds.round(of: .appointment, in: mailbox, cursor: link)
        var toRead: [String] = []
        for entry in page.changed {
            guard case .event(let event) = entry else { continue }
            let isInstance = event.type == .occurrence || event.type == .exception
            guard let id = isInstance ? event.seriesMasterId : event.id, round.seen.insert(id).inserted else { continue }
            if !round.isFull {
                toRead.append(id)
            } else if isInstance || event.type == .seriesMaster {
                round.series.append(id)
            } else {
                round.items.append(id)
            }
        }
        deltaRounds.keep(page.isComplete ? nil : round, of: .appointment, in: mailbox)
        let nextCursor = GraphCalendarWindow.cursor(link: page.position, windowStart: window.start)
        if round.isFull {
            // A full round reads its events once, at its end (`GraphDeltaRoundMemory`).
            guard page.isComplete else {
                return FolderChangePage(changes: MailboxChanges(changed: [], deleted: page.deleted), nextCursor: nextCursor, hasMore: true)
            }
            let read = try await eventsOfFullRound(singles: round.items, series: round.series, mailbox: mailbox)
            return FolderChangePage(
                changes: MailboxChanges(changed: read.items, deleted: page.deleted.union(read.gone), unreadable: read.unreadable),
                nextCursor: nextCursor, hasMore: false)
        }
        var deleted = page.deleted.intersection(linkedItems)
        if !page.deleted.subtracting(linkedItems).isEmpty, !linkedItems.isEmpty {
            let present = Set(try await client.eventIDs(mailbox: mailbox.rawValue).map(SyncEngine.ItemID.init))
            deleted.formUnion(linkedItems.subtracting(present))
        }
        let read = try await readItems(toRead, kind: .appointment, mailbox: mailbox)
        deleted.formUnion(read.gone)
        deleted.subtract(read.items.map(\.id))
        return FolderChangePage(
            changes: MailboxChanges(changed: read.items, deleted: deleted, unreadable: read.unreadable), nextCursor: nextCursor,
            hasMore: !page.isComplete)
    }

    /// The events a full round listed: the single ones from the calendar's event list (a hundred
    /// a request, with their tag and zones), each series by its master (one GET a series, 20 to a
    /// `$batch`: `cancelledOccurrences` comes only on a GET of the master). An event the list
    /// misses (created meanwhile) is read by its id.
    func eventsOfFullRound(singles: [String], series: [String], mailbox: MailboxAddress) async throws
        -> (items: [OutlookItem], gone: Set<SyncEngine.ItemID>, unreadable: Set<SyncEngine.ItemID>)
    {
        var items: [OutlookItem] = []
        var unreadable = Set<SyncEngine.ItemID>()
        var missing = singles
        if !singles.isEmpty {
            let wanted = Set(singles)
            let listed = try await client.events(mailbox: mailbox.rawValue, query: GraphAppointmentMapping.listQuery(tagProperty: Self.tagProperty))
            var found = Set<String>()
            for event in listed {
                guard let id = event.id, wanted.contains(id), event.type != .seriesMaster else { continue }
                found.insert(id)
                do {
                    if let item = try outlookItem(event) { items.append(item) }
                } catch {
                    unreadable.insert(SyncEngine.ItemID(id))
                    logUnreadable(id, kind: .appointment, mailbox: mailbox, problem: error)
                }
            }
            missing = singles.filter { !found.contains($0) }
        }
        let read = try await readItems(missing + series, kind: .appointment, mailbox: mailbox)
        return (items + read.items, read.gone, unreadable.union(read.unreadable))
    }

    /// An event read whole (see `GraphAppointmentMapping.readQuery`) as the engine's item.
    func outlookItem(_ event: GraphEvent) throws(GraphMappingError) -> OutlookItem? {
        guard let id = event.id, let changeKey = event.changeKey ?? event.etag.map(Self.changeKey(ofETag:)) else { return nil }
        let tag = GraphAppointmentMapping.extendedValue(Self.tagProperty, of: event).map(SyncTag.init(rawValue:))
        return OutlookItem(
            reference: ItemReference(id: SyncEngine.ItemID(id), changeKey: ChangeKey(changeKey)),
            fields: try GraphAppointmentMapping.fields(of: event, attendeesInReach: attendeesInReach), tag: tag,
            modifiedAt: event.lastModifiedDateTime.flatMap(Self.date(of:)))
    }
}
