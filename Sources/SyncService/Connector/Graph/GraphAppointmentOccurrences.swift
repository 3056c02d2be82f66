import Foundation
import Logging
import MicrosoftGraph
import SyncEngine

/// Modified and deleted occurrences of series written through Graph: after the masters, on the
/// occurrences themselves (`PATCH` or `DELETE /events/{occurrence}`), as on EWS. An occurrence's
/// times are written whole, its texts only where it differs from its series.
///
/// A series is written only from the version the cycle read or its own master write produced:
/// when the master moved since (a user edited the series or one of its occurrences meanwhile), the
/// write is `conflict` and nothing of the user's is overwritten. The result stays the master
/// write's version, never one read after the occurrence writes (which would take a user edit made
/// in between for ours). A series whose occurrences cannot all be written is not reported
/// written: an update fails with Graph's code (the change is planned again), a create is taken
/// back (the series is deleted, and the create is retried with the same tag).
///
/// Requests are shared by every series of the batch: one `$batch` reading the masters, one
/// finding the occurrences (a narrow `instances` window around each group of original starts, so
/// that a long series is never listed whole), one writing them. The writes of one series wait for
/// each other (`dependsOn`): each changes the master, and Graph serializes them anyway.
struct GraphAppointmentOccurrences {
    let connector: GraphMailboxConnector
    let mailbox: MailboxAddress

    typealias Job = OccurrenceWriteJob

    static let instanceProperties = ["id", "type", "originalStart", "start", "end"]

    func write(_ results: inout [OutlookWriteResult?], operations: [OutlookOperation]) async throws {
        var jobs = OccurrenceWriteJob.jobs(operations, results: results, mappingFailureCode: "PrextraUnmappable")
        guard !jobs.isEmpty else { return }
        let masters = try await connector.readItems(jobs.map(\.master.id.rawValue), kind: .appointment, mailbox: mailbox)
        let byID = Dictionary(masters.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var series: [Int: AppointmentFields] = [:]
        for position in jobs.indices where jobs[position].problems.isEmpty {
            guard let item = byID[jobs[position].master.id], let fields = try? AppointmentFields(fields: item.fields) else {
                jobs[position].fail("the series could not be read")
                continue
            }
            if !jobs[position].isCreate, item.reference.changeKey != jobs[position].master.changeKey {
                jobs[position].isStale = true
                continue
            }
            series[position] = fields
        }
        let occurrences = try await occurrenceIDs(jobs: jobs, series: series)
        var requests: [GraphBatchRequest] = []
        var owners: [String: Int] = [:]
        for (position, fields) in series.sorted(by: { $0.key < $1.key }) {
            var previous: [String] = []
            func add(_ request: GraphBatchRequest) {
                var request = request
                request.dependsOn = previous
                previous = [request.id]
                owners[request.id] = position
                requests.append(request)
            }
            let found = occurrences[position] ?? [:]
            for (number, write) in writes(jobs[position], series: fields, problems: &jobs[position].problems).enumerated() {
                guard let occurrence = found[write.originalStart] else {
                    if write.change != nil || write.isReset {
                        let near = found.keys.filter { abs($0.timeIntervalSince(write.originalStart)) < 3 * 86_400 }.sorted()
                            .map { GraphDateTimeValues.utcText($0) + "Z" }
                        jobs[position].fail(
                            "no occurrence starts at \(GraphDateTimeValues.utcText(write.originalStart))Z"
                                + (near.isEmpty ? "" : " (near it: \(near.joined(separator: ", ")))"))
                    }
                    continue  // an occurrence the view does not show is already deleted
                }
                let id = "\(position)-\(number)"
                if write.isDelete {
                    add(GraphBatchRequest.deleteOccurrence(id: id, occurrenceID: occurrence, mailbox: mailbox.rawValue))
                } else {
                    add(
                        try GraphBatchRequest.updateOccurrence(
                            id: id, occurrenceID: occurrence, etag: nil, changes: GraphChanges(write.event), mailbox: mailbox.rawValue))
                }
            }
        }
        let answers = try await connector.client.batch(requests, mailbox: mailbox.rawValue)
        for (request, answer) in zip(requests, answers) {
            guard let position = owners[request.id], let error = answer.error else { continue }
            if request.method == "DELETE", error.kind == .itemNotFound { continue }
            jobs[position].fail("an occurrence was refused: \(error.message)", code: error.code ?? "HTTP \(answer.status)")
        }
        for job in jobs where job.isStale && job.problems.isEmpty { results[job.index] = .conflict }
        let failed = jobs.filter { !$0.problems.isEmpty }
        let undone = failed.filter(\.isCreate).map { job in
            GraphBatchRequest.deleteEvent(
                id: String(job.index), eventID: job.master.id.rawValue, etag: "*", mailbox: mailbox.rawValue)
        }
        if !undone.isEmpty {
            for (request, answer) in zip(undone, try await connector.client.batch(undone, mailbox: mailbox.rawValue)) {
                if let error = answer.error, error.kind != .itemNotFound {
                    // The tag finds it again: the next cycle's recovery links it instead of creating twice.
                    connector.logger.error(
                        "A series whose occurrences failed could not be taken back",
                        metadata: ["mailbox": "\(mailbox)", "item": "\(request.url)", "error": "\(error)"])
                }
            }
        }
        for job in failed {
            let message = "The series was \(job.isCreate ? "not created" : "not updated"): \(job.problems.joined(separator: "; "))"
            results[job.index] = .failed(code: job.upstreamCode ?? "PrextraOccurrencesNotWritten", message: message)
            connector.logger.warning(
                "Occurrences of a series could not all be written",
                metadata: ["mailbox": "\(mailbox)", "item": "\(job.master.id)", "problems": "\(job.problems.joined(separator: "; "))"])
        }
    }

    /// One occurrence write: its original start, and the whole occurrence to write (or a delete).
    struct OccurrenceWrite {
        var originalStart: Date
        var change: OccurrenceChange?
        var isReset = false
        var isDelete = false
        var event = GraphEvent()
    }

    /// Each occurrence written whole: what the change does not set is what the series gives it, so
    /// that an occurrence changed before ends as the change says; exceptions no longer listed
    /// return to the series.
    func writes(_ job: Job, series: AppointmentFields, problems: inout [String]) -> [OccurrenceWrite] {
        let duration: TimeInterval =
            switch series.timing {
            case .timed(let start, _, let end, _): end.timeIntervalSince(start)
            case .allDay(let startDay, let endDay, _): TimeInterval(endDay.dayNumber - startDay.dayNumber) * 86_400
            }
        // The times are always written; a text only when the change sets it or the exception had
        // its own (then back to the series'), so that an exception keeps following the series'
        // later edits of what it never changed.
        func whole(_ originalStart: Date, _ change: OccurrenceChange?) -> GraphEvent {
            let previous = series.modifiedOccurrences.first { $0.originalStart == originalStart }
            var event = GraphEvent()
            let start = change?.start ?? originalStart
            event.start = DateTimeTimeZone(dateTime: GraphDateTimeValues.utcText(start), timeZone: "UTC")
            event.end = DateTimeTimeZone(
                dateTime: GraphDateTimeValues.utcText(change?.end ?? start.addingTimeInterval(duration)), timeZone: "UTC")
            if change?.subject != nil || previous?.subject != nil { event.subject = change?.subject ?? series.subject ?? "" }
            if change?.location != nil || previous?.location != nil {
                var location = Location()
                location.displayName = change?.location ?? series.location ?? ""
                event.location = location
            }
            if change?.body != nil || previous?.body != nil {
                var body = ItemBody()
                body.contentType = .text
                body.content = change?.body ?? series.body ?? ""
                event.body = body
            }
            return event
        }
        var result = job.changes.map { OccurrenceWrite(originalStart: $0.originalStart, change: $0, event: whole($0.originalStart, $0)) }
        if job.replacesChanges {
            let wanted = Set(job.changes.map(\.originalStart))
            for existing in series.modifiedOccurrences where !wanted.contains(existing.originalStart) {
                result.append(OccurrenceWrite(originalStart: existing.originalStart, isReset: true, event: whole(existing.originalStart, nil)))
            }
        }
        for start in job.deleted { result.append(OccurrenceWrite(originalStart: start, isDelete: true)) }
        return result
    }

    /// The occurrence ids of each job's original starts, from narrow `instances` windows (three
    /// days of starts a window), 20 windows to a `$batch`.
    func occurrenceIDs(jobs: [Job], series: [Int: AppointmentFields]) async throws -> [Int: [Date: String]] {
        var requests: [GraphBatchRequest] = []
        var owners: [String: Int] = [:]
        for (position, fields) in series {
            let job = jobs[position]
            var remaining = Set(job.changes.map(\.originalStart) + job.deleted + fields.modifiedOccurrences.map(\.originalStart)).sorted()
            while let first = remaining.first {
                let group = remaining.prefix { $0 < first.addingTimeInterval(3 * 86_400) }
                remaining.removeFirst(group.count)
                let id = "\(position)-\(requests.count)"
                owners[id] = position
                requests.append(
                    GraphBatchRequest.eventInstances(
                        id: id, seriesMasterID: job.master.id.rawValue,
                        window: GraphTimeWindow(start: first.addingTimeInterval(-86_400), end: (group.last ?? first).addingTimeInterval(86_400)),
                        mailbox: mailbox.rawValue, select: Self.instanceProperties))
            }
        }
        guard !requests.isEmpty else { return [:] }
        var result: [Int: [Date: String]] = [:]
        for (request, answer) in zip(requests, try await connector.client.batch(requests, mailbox: mailbox.rawValue)) {
            guard let position = owners[request.id] else { continue }
            if let error = answer.error { throw error }
            let page = try answer.decode(GraphCollectionPage<GraphEvent>.self, operation: "eventInstances")
            for instance in page.value {
                guard let id = instance.id else { continue }
                let originalStart =
                    instance.originalStart.flatMap(GraphMailboxConnector.date(of:))
                    ?? (try? GraphDateTimeValues.instant(instance.start, "start", kind: .appointment)) ?? nil
                if let originalStart { result[position, default: [:]][originalStart] = id }
            }
        }
        return result
    }
}
