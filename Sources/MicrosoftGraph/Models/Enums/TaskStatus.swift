/// The state of a To Do task.
public enum TaskStatus: String, GraphEnum {
    public static var graphTypeName: String { "taskStatus" }

    case notStarted
    case inProgress
    case completed
    case waitingOnOthers
    case deferred
}
