/// The schema version a request asks for (`t:RequestServerVersion`).
public struct ExchangeServerVersion: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let exchange2010SP2 = Self(rawValue: "Exchange2010_SP2")
    public static let exchange2013 = Self(rawValue: "Exchange2013")
    /// The default: answered by Exchange 2013, 2016, 2019, SE and Exchange Online.
    public static let exchange2013SP1 = Self(rawValue: "Exchange2013_SP1")
    public static let exchange2016 = Self(rawValue: "Exchange2016")
}

/// The precision of times in responses (`t:DateTimePrecision`, Exchange 2010 SP2 and later).
public enum DateTimePrecision: String, Hashable, Sendable {
    case seconds = "Seconds"
    case milliseconds = "Milliseconds"
}
