/// An attendee of an event.
public struct Attendee: GraphModel {
    public static var graphTypeName: String { "attendee" }

    public var emailAddress: EmailAddress?
    public var type: AttendeeType?
    public var status: ResponseStatus?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case emailAddress
        case type
        case status
    }
}
