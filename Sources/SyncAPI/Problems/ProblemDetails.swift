import Foundation

/// An RFC 9457 problem document (`application/problem+json`): every error of the API.
///
/// `field` names what was wrong (`fields.start`, `owners[1]`, `If-Match`, `limit`, `body`), so
/// a client can show it next to the right input. Details never repeat a submitted value:
/// it may be customer data or a key.
public struct ProblemDetails: Sendable, Hashable, Codable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    /// The request path the problem is about.
    public var instance: String?
    /// The field, parameter or header at fault, when one is.
    public var field: String?
    /// The record's current ETag, on a 412.
    public var currentETag: String?
    /// Seconds to wait, on a 429.
    public var retryAfterSeconds: Int?

    public init(
        type: String, title: String, status: Int, detail: String, instance: String? = nil, field: String? = nil,
        currentETag: String? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.field = field
        self.currentETag = currentETag
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static let mediaType = "application/problem+json"
}
