import Foundation
import MicrosoftGraph
import SyncEngine
import WindowsTimeZones

/// Task fields ⇄ Microsoft To Do `todoTask`, in the mailbox's default list.
///
/// - To Do has no percent complete: `percentComplete` is out of its reach.
/// - Days (start, due, completed) travel as midnight of that day with `timeZone` `UTC`, and are read
///   as the calendar day of `dateTime`, whatever its zone: a due date is a day, not an instant.
/// - The reminder is an instant: written in UTC, read in the zone Graph names (Windows or IANA).
/// - The tag is a `linkedResource` (`applicationName` "Prextra", `externalId` the record id): v1.0
///   gives `todoTask` no extended properties. A tag written again is a new linked resource, and
///   the last one added counts (the earlier one is left, not deleted).
enum GraphTaskMapping {
    static let fieldsOutOfReach: Set<String> = [FieldName.percentComplete]
    static let applicationName = "Prextra"

    static func tag(of task: GraphTodoTask) -> SyncTag? {
        task.linkedResources?.last { $0.applicationName == applicationName }?.externalId
            .flatMap { $0.isEmpty ? nil : SyncTag(rawValue: $0) }
    }

    static func linkedResource(for tag: SyncTag) -> GraphLinkedResource {
        var resource = GraphLinkedResource()
        resource.applicationName = applicationName
        resource.externalId = tag.rawValue
        resource.displayName = "Prextra CRM"
        return resource
    }

    static func fields(of task: GraphTodoTask) throws(GraphMappingError) -> FieldSet {
        func text(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let status: TaskFields.Status = task.status.flatMap { Self.status(graph: $0) } ?? .notStarted
        let importance: TaskFields.Importance =
            switch task.importance {
            case .low: .low
            case .high: .high
            default: .normal
            }
        var fields = TaskFields(
            subject: text(task.title), body: text(task.body?.content), status: status,
            startDate: try GraphDateTimeValues.day(task.startDateTime, "startDateTime", kind: .task), dueDate: try GraphDateTimeValues.day(task.dueDateTime, "dueDateTime", kind: .task),
            completedDate: try GraphDateTimeValues.day(task.completedDateTime, "completedDateTime", kind: .task),
            importance: importance,
            reminderAt: task.isReminderOn == true ? try GraphDateTimeValues.instant(task.reminderDateTime, "reminderDateTime", kind: .task) : nil,
            categories: task.categories ?? []
        ).fields
        // Out of reach: never reported, so that the cycle keeps the base's value.
        for name in fieldsOutOfReach { fields[name] = nil }
        return fields
    }

    static func task(with fields: FieldSet) throws(GraphMappingError) -> GraphTodoTask {
        var task = GraphTodoTask()
        _ = try write(FieldPatch(from: FieldSet(), to: fields), into: &task)
        if task.isReminderOn == nil { task.isReminderOn = false }
        return task
    }

    /// Writes the patch's fields into `task`; returns the properties to send as null.
    static func write(_ patch: FieldPatch, into task: inout GraphTodoTask) throws(GraphMappingError) -> [GraphTodoTask.CodingKeys] {
        let target: TaskFields
        do {
            var fields = FieldSet()
            for (name, value) in patch.values { fields[name] = value }
            // A completion date is kept only on a completed task: a patch that moves the date of a
            // completed task (its status unchanged, so not in the patch) must not read it as none.
            if fields[FieldName.completedDate] != nil, fields[FieldName.status] == nil {
                fields[FieldName.status] = .text(TaskFields.Status.completed.rawValue)
            }
            target = try TaskFields(fields: fields)
        } catch {
            throw GraphMappingError(kind: .task, field: "task", problem: "\(error)")
        }
        var cleared: [GraphTodoTask.CodingKeys] = []
        for name in patch.fieldNames {
            switch name {
            case FieldName.subject:
                if let subject = target.subject { task.title = subject } else { cleared.append(.title) }
            case FieldName.body:
                var body = ItemBody()
                body.contentType = .text
                body.content = target.body ?? ""
                task.body = body
            case FieldName.status:
                task.status = graphStatus(target.status)
            case FieldName.importance:
                task.importance =
                    switch target.importance {
                    case .low: .low
                    case .high: .high
                    case .normal: .normal
                    }
            case FieldName.startDate:
                if let day = target.startDate { task.startDateTime = GraphDateTimeValues.dateTime(day) } else { cleared.append(.startDateTime) }
            case FieldName.dueDate:
                if let day = target.dueDate { task.dueDateTime = GraphDateTimeValues.dateTime(day) } else { cleared.append(.dueDateTime) }
            case FieldName.completedDate:
                if let day = target.completedDate { task.completedDateTime = GraphDateTimeValues.dateTime(day) } else { cleared.append(.completedDateTime) }
            case FieldName.reminderAt:
                if let instant = target.reminderAt {
                    task.isReminderOn = true
                    task.reminderDateTime = DateTimeTimeZone(dateTime: GraphDateTimeValues.utcText(instant), timeZone: "UTC")
                } else {
                    task.isReminderOn = false
                    cleared.append(.reminderDateTime)
                }
            case FieldName.categories:
                task.categories = target.categories
            case FieldName.percentComplete:
                continue
            default:
                throw GraphMappingError(kind: .task, field: name, problem: "not a task field this connector writes")
            }
        }
        return cleared
    }

    // MARK: Values

    static func status(graph: MicrosoftGraph.TaskStatus) -> TaskFields.Status? {
        switch graph {
        case .notStarted: .notStarted
        case .inProgress: .inProgress
        case .completed: .completed
        case .waitingOnOthers: .waitingOnOthers
        case .deferred: .deferred
        }
    }

    static func graphStatus(_ status: TaskFields.Status) -> MicrosoftGraph.TaskStatus {
        switch status {
        case .notStarted: .notStarted
        case .inProgress: .inProgress
        case .completed: .completed
        case .waitingOnOthers: .waitingOnOthers
        case .deferred: .deferred
        }
    }
}
