import Foundation

/// A task (`t:Task`).
public struct TaskItem: Hashable, Sendable, ItemPropertiesContainer {
    public var properties: ItemProperties
    public var startDate: Date?
    public var dueDate: Date?
    /// Read-only: set by the server when the status becomes Completed.
    public var completeDate: Date?
    /// 0...100.
    public var percentComplete: Double?
    public var status: Status?

    public init(properties: ItemProperties = ItemProperties()) {
        self.properties = properties
    }

    public enum Status: String, Hashable, Sendable {
        case notStarted = "NotStarted"
        case inProgress = "InProgress"
        case completed = "Completed"
        case waitingOnOthers = "WaitingOnOthers"
        case deferred = "Deferred"
    }
}
