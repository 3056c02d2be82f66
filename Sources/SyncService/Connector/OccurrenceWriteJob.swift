import Foundation
import SyncEngine

/// The occurrence changes one written series still needs, as both connectors' occurrence writers
/// track them (EWS `AppointmentOccurrences`, Graph `GraphAppointmentOccurrences`): they are
/// written after the series' master, on the occurrences themselves.
struct OccurrenceWriteJob {
    /// The operation's position in the batch.
    var index: Int
    /// The master's version the create or update produced.
    var master: ItemReference
    /// The series was created by this batch (a failed job then takes it back).
    var isCreate: Bool
    var changes: [OccurrenceChange]
    /// The operation replaces the list of changed occurrences (those not listed return to the series).
    var replacesChanges: Bool
    var deleted: [Date]
    var send: Bool
    var problems: [String] = []
    /// The server's code for the first refused occurrence write.
    var upstreamCode: String?
    /// The series changed after the version this write started from (a user edited it, or one
    /// of its occurrences, which changes the master): nothing more is written to it.
    var isStale = false

    mutating func fail(_ problem: String, code: String? = nil) {
        problems.append(problem)
        if upstreamCode == nil { upstreamCode = code }
    }

    /// The jobs of the operations whose master was written and that carry occurrence changes. A
    /// value that cannot be read fails its job with `mappingFailureCode` (reading it as "no
    /// changes" would reset every exception).
    static func jobs(_ operations: [OutlookOperation], results: [OutlookWriteResult?], mappingFailureCode: String) -> [OccurrenceWriteJob] {
        var jobs: [OccurrenceWriteJob] = []
        for (index, operation) in operations.enumerated() {
            guard case .written(let reference)? = results[index] else { continue }
            let modified: FieldValue?
            let deleted: FieldValue?
            var job: OccurrenceWriteJob
            switch operation {
            case .create(let intent, let send):
                guard intent.fields[FieldName.modifiedOccurrences] != nil || intent.fields[FieldName.deletedOccurrences] != nil else { continue }
                (modified, deleted) = (intent.fields[FieldName.modifiedOccurrences], intent.fields[FieldName.deletedOccurrences])
                job = OccurrenceWriteJob(
                    index: index, master: reference, isCreate: true, changes: [], replacesChanges: false, deleted: [], send: send)
            case .update(_, let patch, _, let send):
                guard !AppointmentItemMapping.occurrenceFields.isDisjoint(with: patch.fieldNames) else { continue }
                (modified, deleted) = (patch.values[FieldName.modifiedOccurrences], patch.values[FieldName.deletedOccurrences])
                job = OccurrenceWriteJob(
                    index: index, master: reference, isCreate: false, changes: [],
                    replacesChanges: patch.fieldNames.contains(FieldName.modifiedOccurrences), deleted: [], send: send)
            case .delete:
                continue
            }
            do {
                job.changes = try AppointmentItemMapping.occurrenceChanges(modified)
                job.deleted = try AppointmentItemMapping.deletedStarts(deleted)
            } catch {
                job.fail("the occurrence changes could not be read: \(error)", code: mappingFailureCode)
            }
            jobs.append(job)
        }
        return jobs
    }
}
