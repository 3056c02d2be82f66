/// A change-notification subscription (`subscription`).
public struct GraphSubscription: GraphModel {
    public static var graphTypeName: String { "subscription" }

    public var id: String?
    /// The resource path without a base URL, e.g. `/users/{id}/events`.
    public var resource: String?
    /// Comma-separated: `created,updated,deleted`.
    public var changeType: String?
    public var notificationUrl: String?
    public var lifecycleNotificationUrl: String?
    public var expirationDateTime: EdmDateTimeOffset?
    public var clientState: String?
    public var applicationId: String?
    public var creatorId: String?
    public var latestSupportedTlsVersion: String?
    public var includeResourceData: Bool?

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case resource
        case changeType
        case notificationUrl
        case lifecycleNotificationUrl
        case expirationDateTime
        case clientState
        case applicationId
        case creatorId
        case latestSupportedTlsVersion
        case includeResourceData
    }
}
