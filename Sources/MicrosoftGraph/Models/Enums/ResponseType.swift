/// An attendee's (or the owner's) answer to a meeting.
public enum ResponseType: String, GraphEnum {
    public static var graphTypeName: String { "responseType" }

    case none
    case organizer
    case tentativelyAccepted
    case accepted
    case declined
    case notResponded
}
