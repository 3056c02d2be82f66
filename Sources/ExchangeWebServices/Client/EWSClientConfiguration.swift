import Foundation

/// How to reach and talk to one Exchange endpoint.
public struct EWSClientConfiguration: Sendable {
    /// `https://outlook.office365.com/EWS/Exchange.asmx`, or an on-premises server's EWS URL.
    public var endpoint: URL
    public var serverVersion: ExchangeServerVersion
    /// The IANA zone sent as TimeZoneContext (Windows id on the wire). The client writes every
    /// time with an explicit `Z`, so this only matters for values the server reads without a zone.
    public var timeZoneContext: String?
    public var dateTimePrecision: DateTimePrecision?
    /// Sent as `User-Agent`; Microsoft asks for one unique per application.
    public var userAgent: String
    public var requestTimeout: Duration
    public var retryPolicy: RetryPolicy
    /// Items per GetItem/CreateItem/UpdateItem/DeleteItem request.
    public var batchSize: Int

    public init(
        endpoint: URL, serverVersion: ExchangeServerVersion = .exchange2013SP1, timeZoneContext: String? = "Etc/UTC",
        dateTimePrecision: DateTimePrecision? = nil, userAgent: String = "PrextraSync-EWS/1.0",
        requestTimeout: Duration = .seconds(100), retryPolicy: RetryPolicy = .default, batchSize: Int = 100
    ) {
        self.endpoint = endpoint
        self.serverVersion = serverVersion
        self.timeZoneContext = timeZoneContext
        self.dateTimePrecision = dateTimePrecision
        self.userAgent = userAgent
        self.requestTimeout = requestTimeout
        self.retryPolicy = retryPolicy
        self.batchSize = max(1, batchSize)
    }

    public static let exchangeOnlineEndpoint = URL(string: "https://outlook.office365.com/EWS/Exchange.asmx")!
}
