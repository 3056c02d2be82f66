/// A To Do task's link to an item of another application (`linkedResource`): Graph's only way to
/// tag a task, since `todoTask` has no extended properties in v1.0. EWS does not see it.
public struct LinkedResource: Sendable, Hashable {
    public var id: String
    public var applicationName: String?
    public var displayName: String?
    public var externalId: String?
    public var webUrl: String?
}
