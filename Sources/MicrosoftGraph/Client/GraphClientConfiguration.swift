import Foundation
import MicrosoftIdentity

/// Where Graph is and how the client talks to it.
public struct GraphClientConfiguration: Sendable {
    /// The service root including the version, e.g. `https://graph.microsoft.com/v1.0`.
    public var baseURL: URL
    /// The zone `start`/`end` come back in on GET and delta (`Prefer: outlook.timezone`), Windows
    /// or IANA name; nil leaves Graph's default, UTC. Never sent on writes, where Graph ignores it.
    public var preferredTimeZone: String?
    /// `Prefer: odata.maxpagesize` on collection and delta reads.
    public var maxPageSize: Int
    public var retryPolicy: GraphRetryPolicy
    /// Requests in flight towards one mailbox at once (Outlook's limit is 4).
    public var maxConcurrentRequestsPerMailbox: Int
    public var requestTimeout: Duration
    /// A larger answer is refused as malformed rather than buffered.
    public var maxResponseBytes: Int
    public var userAgent: String

    public init(
        baseURL: URL, preferredTimeZone: String? = nil, maxPageSize: Int = 100, retryPolicy: GraphRetryPolicy = .default,
        maxConcurrentRequestsPerMailbox: Int = 4, requestTimeout: Duration = .seconds(100), maxResponseBytes: Int = 64 * 1024 * 1024,
        userAgent: String = "prextra-sync MicrosoftGraph"
    ) {
        self.baseURL = baseURL
        self.preferredTimeZone = preferredTimeZone
        self.maxPageSize = maxPageSize
        self.retryPolicy = retryPolicy
        self.maxConcurrentRequestsPerMailbox = max(1, min(maxConcurrentRequestsPerMailbox, 4))
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
    }

    /// Graph v1.0 of a Microsoft cloud (`https://graph.microsoft.us/v1.0` for GCC High, …). Get the
    /// tokens for it with `TokenResource.graph(in: cloud)`, whose scope is `{GraphHost}/.default`.
    public init(cloud: AzureCloud, preferredTimeZone: String? = nil) {
        let host = cloud.graphResource.hasSuffix("/") ? String(cloud.graphResource.dropLast()) : cloud.graphResource
        self.init(baseURL: URL(string: host + "/v1.0")!, preferredTimeZone: preferredTimeZone)
    }
}
