import ExchangeWebServices
import Foundation
import Logging
import SyncEngine

/// Modified and deleted occurrences of recurring series. EWS keeps them on the occurrences, not
/// on the master: a master lists them (ids, starts, original starts) and each is read, changed or
/// deleted as an item of its own.
enum AppointmentOccurrences {
    static let detailShape = ItemShape(
        baseShape: .idOnly, bodyType: .text,
        additionalProperties: [.subject, .location, .body, .start, .end, .property("calendar:OriginalStart")])

    static let masterShape = ItemShape(
        baseShape: .idOnly, bodyType: .text,
        additionalProperties: [
            .property("calendar:UID"), .start, .end, .subject, .location, .body, .property("calendar:ModifiedOccurrences"),
        ])

    static let viewShape = ItemShape(
        baseShape: .idOnly,
        additionalProperties: [.start, .property("calendar:OriginalStart"), .property("calendar:UID"), .property("calendar:CalendarItemType")])

    /// The modified occurrences of `items` read in full, by item id (one GetItem batch).
    static func details(of items: [Item], client: ExchangeWebServicesClient, mailbox: String) async throws -> [String: CalendarItem] {
        let ids = items.compactMap(\.calendarItem).flatMap(\.modifiedOccurrences).compactMap(\.itemID)
        guard !ids.isEmpty else { return [:] }
        var details: [String: CalendarItem] = [:]
        for (id, result) in zip(ids, await client.getItems(ids.map { ExchangeWebServices.ItemID($0.id) }, shape: detailShape, mailbox: mailbox)) {
            switch result {
            case .success(let item): details[id.id] = item.calendarItem
            case .failure(let error) where error.code == .errorItemNotFound: continue
            case .failure(let error): throw error
            }
        }
        return details
    }

    typealias Job = OccurrenceWriteJob

    /// After the masters are written: applies the occurrence changes that the creates and updates
    /// carry. Requests are shared by every series of the batch: one GetItem of the masters, the
    /// calendar views needed to find occurrences not changed before, one UpdateItem and one
    /// DeleteItem (per notification choice).
    ///
    /// A series is written only from the version the cycle read (or its own master write produced):
    /// when the master's ChangeKey moved since (a user edited the series or one of its occurrences
    /// meanwhile; an occurrence edit changes the master), the write is reported `conflict` and
    /// nothing of the user's is overwritten; the next cycle reads the series again and merges.
    ///
    /// The result stays the ChangeKey of the master write (or of the version read): never one read
    /// back after the occurrence writes, which would take a user edit made in between for ours. The
    /// next read then reports the series changed, and the merge finds it equal to what was
    /// written, or carries the user's edit.
    ///
    /// A series whose occurrences cannot all be written is not reported written: an update fails
    /// with the server's code (the link keeps its base, so the change is planned again and the
    /// failed-item rules apply), and a create is taken back (the series is deleted, the create
    /// fails and is retried with the same tag): never a series whose base claims exceptions the
    /// mailbox lacks.
    static func write(
        _ writes: inout PlannedWrites, operations: [OutlookOperation], client: ExchangeWebServicesClient, mailbox: String,
        logger: Logger
    ) async throws {
        var jobs = OccurrenceWriteJob.jobs(operations, results: writes.results, mappingFailureCode: EWSMappingError.code)
        guard !jobs.isEmpty else { return }
        let masters = await client.getItems(
            jobs.map { ExchangeWebServices.ItemID($0.master.id.rawValue) }, shape: masterShape, mailbox: mailbox)
        var updates: [Bool: [(job: Int, update: ItemUpdate)]] = [:]
        var deletes: [Bool: [(job: Int, id: ExchangeWebServices.ItemID)]] = [:]
        for (position, result) in masters.enumerated() where jobs[position].problems.isEmpty {
            guard case .success(let item) = result, let series = item.calendarItem, let uid = series.uid else {
                jobs[position].fail("the series could not be read")
                continue
            }
            let job = jobs[position]
            if !job.isCreate, let current = item.id?.changeKey, current != job.master.changeKey.rawValue {
                jobs[position].isStale = true
                continue
            }
            let occurrences = try await occurrenceIDs(
                of: series, uid: uid, at: job.changes.map(\.originalStart) + job.deleted, client: client, mailbox: mailbox)
            for update in occurrenceUpdates(job, series: series, occurrences: occurrences, problems: &jobs[position].problems) {
                updates[job.send, default: []].append((position, update))
            }
            // An occurrence the view does not show is already deleted.
            for start in job.deleted {
                if let id = occurrences[start] { deletes[job.send, default: []].append((position, ExchangeWebServices.ItemID(id.id))) }
            }
        }
        for send in [false, true] {
            guard let batch = updates[send], !batch.isEmpty else { continue }
            // No ChangeKey and AlwaysOverwrite: each occurrence write changes the series' version (our
            // own writes would make each other stale). The series' ChangeKey was checked just before,
            // so only an edit made in the moment between that read and this write is overwritten.
            let results = await client.updateItems(
                batch.map(\.update), conflictResolution: .alwaysOverwrite,
                sendMeetingInvitationsOrCancellations: send ? .sendToAllAndSaveCopy : .sendToNone, mailbox: mailbox)
            for (entry, result) in zip(batch, results) {
                if case .failure(let error) = result {
                    jobs[entry.job].fail("an occurrence was refused: \(error)", code: error.code?.rawValue ?? "\(error.kind)")
                }
            }
        }
        for send in [false, true] {
            guard let batch = deletes[send], !batch.isEmpty else { continue }
            let results = await client.deleteItems(
                batch.map(\.id), deleteType: .moveToDeletedItems, sendMeetingCancellations: send ? .sendToAllAndSaveCopy : .sendToNone,
                mailbox: mailbox)
            for (entry, result) in zip(batch, results) {
                if case .failure(let error) = result, error.code != .errorItemNotFound {
                    jobs[entry.job].fail("an occurrence could not be deleted: \(error)", code: error.code?.rawValue ?? "\(error.kind)")
                }
            }
        }
        for job in jobs where job.isStale && job.problems.isEmpty { writes.results[job.index] = .conflict }
        let failed = jobs.filter { !$0.problems.isEmpty }
        await undoCreates(failed.filter(\.isCreate), client: client, mailbox: mailbox, logger: logger)
        for job in failed {
            let message = "The series was \(job.isCreate ? "not created" : "not updated"): \(job.problems.joined(separator: "; "))"
            writes.results[job.index] = .failed(code: job.upstreamCode ?? "PrextraOccurrencesNotWritten", message: message)
            logger.warning(
                "Occurrences of a series could not all be written",
                metadata: ["mailbox": "\(mailbox)", "item": "\(job.master.id)", "problems": "\(job.problems.joined(separator: "; "))"])
        }
    }

    /// Deletes the series created by jobs that failed: the create is then retried as a whole (its
    /// intent is still pending and its tag is found nowhere), rather than leaving a series
    /// without the exceptions its link would claim. A meeting whose invitations went out is
    /// cancelled the same way.
    private static func undoCreates(_ jobs: [Job], client: ExchangeWebServicesClient, mailbox: String, logger: Logger) async {
        for send in [false, true] {
            let batch = jobs.filter { $0.send == send }
            guard !batch.isEmpty else { continue }
            let results = await client.deleteItems(
                batch.map { ExchangeWebServices.ItemID($0.master.id.rawValue) }, deleteType: .hardDelete,
                sendMeetingCancellations: send ? .sendToAllAndSaveCopy : .sendToNone, mailbox: mailbox)
            for (job, result) in zip(batch, results) {
                if case .failure(let error) = result, error.code != .errorItemNotFound {
                    // The tag finds it again: the next cycle's recovery links it instead of creating twice.
                    logger.error(
                        "A series whose occurrences failed could not be taken back",
                        metadata: ["mailbox": "\(mailbox)", "item": "\(job.master.id)", "error": "\(error)"])
                }
            }
        }
    }

    /// The ids of the series' occurrences at `originalStarts`: those changed before from the series
    /// itself, the others from narrow calendar views (a view returns every item of the calendar in
    /// its range, up to a cap, so a wide one could miss ours behind other series).
    private static func occurrenceIDs(
        of series: CalendarItem, uid: String, at originalStarts: [Date], client: ExchangeWebServicesClient, mailbox: String
    ) async throws -> [Date: ExchangeWebServices.ItemID] {
        var occurrences: [Date: ExchangeWebServices.ItemID] = [:]
        for modified in series.modifiedOccurrences {
            if let originalStart = modified.originalStart, let id = modified.itemID { occurrences[originalStart] = id }
        }
        var remaining = originalStarts.filter { occurrences[$0] == nil }.sorted()
        while let first = remaining.first {
            let inWindow = remaining.prefix { $0 < first.addingTimeInterval(3 * 86_400) }
            remaining.removeFirst(inWindow.count)
            let view = try await client.calendarView(
                from: first.addingTimeInterval(-86_400), to: (inWindow.last ?? first).addingTimeInterval(86_400),
                shape: viewShape, mailbox: mailbox)
            for occurrence in view where occurrence.uid == uid {
                if let originalStart = occurrence.originalStart ?? occurrence.start, let id = occurrence.properties.id {
                    occurrences[originalStart] = id
                }
            }
        }
        return occurrences
    }

    /// Each occurrence written whole: what the change does not set is what the series gives it, so
    /// that an occurrence changed before (moved, renamed) ends as the change says; occurrences no
    /// longer changed return to the series.
    private static func occurrenceUpdates(
        _ job: Job, series: CalendarItem, occurrences: [Date: ExchangeWebServices.ItemID], problems: inout [String]
    ) -> [ItemUpdate] {
        let duration = series.start.flatMap { start in series.end.map { $0.timeIntervalSince(start) } } ?? 0
        func occurrence(_ originalStart: Date, _ change: OccurrenceChange?) -> CalendarItem {
            let start = change?.start ?? originalStart
            var event = CalendarItem(start: start, end: change?.end ?? start.addingTimeInterval(duration))
            event.properties.subject = change?.subject ?? series.subject
            event.location = change?.location ?? series.location
            event.properties.body = change?.body.map { ItemBody($0) } ?? series.body
            return event
        }
        let whole: [ItemField] = [.start, .end, .subject, .location, .body]
        var updates: [ItemUpdate] = []
        for change in job.changes {
            guard let id = occurrences[change.originalStart] else {
                problems.append("no occurrence starts at \(EWSDateTime.string(from: change.originalStart))")
                continue
            }
            updates.append(
                ItemUpdate(itemID: ExchangeWebServices.ItemID(id.id), item: .calendarItem(occurrence(change.originalStart, change)), fields: whole))
        }
        if job.replacesChanges {
            let wanted = Set(job.changes.map(\.originalStart))
            for modified in series.modifiedOccurrences {
                guard let originalStart = modified.originalStart, !wanted.contains(originalStart), let id = modified.itemID else {
                    continue
                }
                updates.append(
                    ItemUpdate(itemID: ExchangeWebServices.ItemID(id.id), item: .calendarItem(occurrence(originalStart, nil)), fields: whole))
            }
        }
        return updates
    }
}
