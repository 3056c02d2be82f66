import ExchangeWebServices
import Foundation
import SyncEngine

/// Task fields ⇄ EWS `t:Task`. Dates are days (midnight UTC on the wire, see `DayInstant`); the
/// completion date travels as `PidLidTaskDateCompleted`, the property behind `task:CompleteDate`.
enum TaskItemMapping: EWSItemMapping {
    static let kind = EntityKind.task
    private static let reading = FieldValueReading(kind: .task)

    static func fields(of item: Item) throws(EWSMappingError) -> FieldSet {
        guard let task = item.task else { throw EWSMappingError(kind: kind, field: "item", problem: "expected a Task item") }
        let completed = task.properties.extendedProperties.value(for: EWSNamedProperties.taskDateCompleted)
            .flatMap(EWSDateTime.date(from:)) ?? task.completeDate
        let status = task.status.flatMap { TaskFields.Status(rawValue: $0.rawValue) } ?? .notStarted
        return TaskFields(
            subject: task.subject, body: task.body?.content, status: status,
            startDate: task.startDate.map(DayInstant.day), dueDate: task.dueDate.map(DayInstant.day),
            completedDate: completed.map(DayInstant.day),
            percentComplete: Int((task.percentComplete ?? 0).rounded()),
            importance: task.importance.flatMap { TaskFields.Importance(rawValue: $0.rawValue) } ?? .normal,
            reminderAt: task.reminderIsSet == true ? task.reminderDueBy : nil, categories: task.categories
        ).fields
    }

    static func newItem(with fields: FieldSet) throws(EWSMappingError) -> Item {
        var task = TaskItem()
        let normalized = try EWSItemMappings.normalized(fields, kind: kind)
        for (field, value) in normalized.values { _ = try write(field, value, into: &task) }
        // Exchange sets a reminder on new tasks unless told otherwise.
        if normalized[FieldName.reminderAt] == nil { _ = try write(FieldName.reminderAt, nil, into: &task) }
        return .task(task)
    }

    static func change(for patch: FieldPatch, current: FieldSet?) throws(EWSMappingError) -> (item: Item, fields: [ItemField]) {
        var task = TaskItem()
        var fields: [ItemField] = []
        for name in patch.fieldNames { fields += try write(name, patch.values[name], into: &task) }
        return (.task(task), fields)
    }

    static func write(_ field: String, _ value: FieldValue?, into task: inout TaskItem) throws(EWSMappingError) -> [ItemField] {
        switch field {
        case FieldName.subject:
            task.subject = try reading.text(value, field)
            return [.subject]
        case FieldName.body:
            task.body = try reading.text(value, field).map { ItemBody($0) }
            return [.body]
        case FieldName.status:
            let raw = try reading.text(value, field) ?? TaskFields.Status.notStarted.rawValue
            guard let status = TaskItem.Status(rawValue: raw) else { throw reading.failure(field, "a task status") }
            task.status = status
            return [.status]
        case FieldName.startDate:
            task.startDate = try reading.day(value, field).map(DayInstant.instant)
            return [.startDate]
        case FieldName.dueDate:
            task.dueDate = try reading.day(value, field).map(DayInstant.instant)
            return [.dueDate]
        case FieldName.completedDate:
            let day = try reading.day(value, field)
            task.properties.extendedProperties.set(
                EWSNamedProperties.taskDateCompleted, day.map { EWSDateTime.string(from: DayInstant.instant($0)) })
            return [.extendedProperty(EWSNamedProperties.taskDateCompleted)]
        case FieldName.percentComplete:
            task.percentComplete = Double(try reading.integer(value, field) ?? 0)
            return [.percentComplete]
        case FieldName.importance:
            let raw = try reading.text(value, field) ?? TaskFields.Importance.normal.rawValue
            guard let importance = Importance(rawValue: raw) else { throw reading.failure(field, "an importance") }
            task.importance = importance
            return [.importance]
        case FieldName.reminderAt:
            let due = try reading.instant(value, field)
            task.reminderIsSet = due != nil
            task.reminderDueBy = due
            return due == nil ? [.reminderIsSet] : [.reminderIsSet, .reminderDueBy]
        case FieldName.categories:
            task.categories = try reading.texts(value, field)
            return [.categories]
        default:
            throw EWSMappingError(kind: kind, field: field, problem: "not a task field this connector writes")
        }
    }
}
