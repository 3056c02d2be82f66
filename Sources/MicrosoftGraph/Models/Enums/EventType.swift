/// `event.type`: how an event relates to a recurring series.
public enum EventType: String, GraphEnum {
    public static var graphTypeName: String { "eventType" }

    case singleInstance
    case occurrence
    case exception
    case seriesMaster
}
