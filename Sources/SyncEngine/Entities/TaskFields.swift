import Foundation

/// A task as both sides hold it.
public struct TaskFields: EntityFields, Codable {
    public static let kind = EntityKind.task

    /// EWS `TaskStatusType`.
    public enum Status: String, Codable, Sendable, CaseIterable, Hashable {
        case notStarted = "NotStarted"
        case inProgress = "InProgress"
        case completed = "Completed"
        case waitingOnOthers = "WaitingOnOthers"
        case deferred = "Deferred"
    }

    /// EWS `ImportanceChoicesType`.
    public enum Importance: String, Codable, Sendable, CaseIterable, Hashable {
        case low = "Low"
        case normal = "Normal"
        case high = "High"
    }

    public var subject: String?
    public var body: String?
    public var status: Status
    public var startDate: LocalDate?
    public var dueDate: LocalDate?
    public var completedDate: LocalDate?
    /// 0–100; a completed task is 100.
    public var percentComplete: Int
    public var importance: Importance
    /// When the reminder fires; `nil` for no reminder.
    public var reminderAt: Date?
    public var categories: [String]

    public init(
        subject: String? = nil, body: String? = nil, status: Status = .notStarted, startDate: LocalDate? = nil,
        dueDate: LocalDate? = nil, completedDate: LocalDate? = nil, percentComplete: Int = 0,
        importance: Importance = .normal, reminderAt: Date? = nil, categories: [String] = []
    ) {
        self.subject = TextNormalization.trimmed(subject)
        self.body = TextNormalization.trimmed(body)
        self.status = status
        self.startDate = startDate
        self.dueDate = dueDate
        self.completedDate = status == .completed ? completedDate : nil
        // Exchange keeps status and percentage consistent; so do we, so both sides agree.
        self.percentComplete = status == .completed ? 100 : min(max(percentComplete, 0), 100)
        self.importance = importance
        self.reminderAt = reminderAt.map(TextNormalization.instant)
        self.categories = TextNormalization.categories(categories)
    }

    public init(fields: FieldSet) throws(FieldSetDecodingError) {
        let reader = FieldReader(kind: Self.kind, fields: fields)
        self.init(
            subject: try reader.text(FieldName.subject), body: try reader.text(FieldName.body),
            status: try reader.enumeration(FieldName.status, Status.self) ?? .notStarted,
            startDate: try reader.day(FieldName.startDate), dueDate: try reader.day(FieldName.dueDate),
            completedDate: try reader.day(FieldName.completedDate),
            percentComplete: try reader.integer(FieldName.percentComplete) ?? 0,
            importance: try reader.enumeration(FieldName.importance, Importance.self) ?? .normal,
            reminderAt: try reader.instant(FieldName.reminderAt), categories: try reader.texts(FieldName.categories))
    }

    public var fields: FieldSet { normalized.unnormalizedFields }

    /// The same task through the normalising initializer (properties may have been set directly).
    private var normalized: TaskFields {
        TaskFields(
            subject: subject, body: body, status: status, startDate: startDate, dueDate: dueDate,
            completedDate: completedDate, percentComplete: percentComplete, importance: importance,
            reminderAt: reminderAt, categories: categories)
    }

    private var unnormalizedFields: FieldSet {
        var writer = FieldWriter()
        writer.set(FieldName.subject, text: subject)
        writer.set(FieldName.body, text: body)
        writer.set(FieldName.status, text: status.rawValue)
        writer.set(FieldName.startDate, day: startDate)
        writer.set(FieldName.dueDate, day: dueDate)
        writer.set(FieldName.completedDate, day: completedDate)
        writer.set(FieldName.percentComplete, integer: percentComplete)
        writer.set(FieldName.importance, text: importance.rawValue)
        writer.set(FieldName.reminderAt, instant: reminderAt)
        writer.set(FieldName.categories, .list(categories.map(FieldValue.text)))
        return writer.fieldSet
    }
}
