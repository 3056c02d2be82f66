/// How an event shows in free/busy.
public enum FreeBusyStatus: String, GraphEnum {
    public static var graphTypeName: String { "freeBusyStatus" }

    case unknown
    case free
    case tentative
    case busy
    case oof
    case workingElsewhere
}
