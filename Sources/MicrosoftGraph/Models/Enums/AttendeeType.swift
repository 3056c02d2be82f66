/// Whether an attendee is required, optional or a resource.
public enum AttendeeType: String, GraphEnum {
    public static var graphTypeName: String { "attendeeType" }

    case required
    case optional
    case resource
}
