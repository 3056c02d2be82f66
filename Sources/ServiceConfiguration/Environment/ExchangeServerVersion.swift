/// The `RequestServerVersion` sent in EWS requests, one of the schema's `ExchangeVersionType` values.
public enum ExchangeServerVersion: String, Sendable, Hashable, Codable, ConfigurationEnumValue {
    case exchange2007 = "Exchange2007"
    case exchange2007SP1 = "Exchange2007_SP1"
    case exchange2009 = "Exchange2009"
    case exchange2010 = "Exchange2010"
    case exchange2010SP1 = "Exchange2010_SP1"
    case exchange2010SP2 = "Exchange2010_SP2"
    case exchange2012 = "Exchange2012"
    case exchange2013 = "Exchange2013"
    case exchange2013SP1 = "Exchange2013_SP1"
    case exchange2015 = "Exchange2015"
    case exchange2016 = "Exchange2016"
    case v2015_10_05 = "V2015_10_05"
    case v2016_01_06 = "V2016_01_06"
    case v2016_04_13 = "V2016_04_13"
    case v2016_07_13 = "V2016_07_13"
    case v2016_10_10 = "V2016_10_10"

    /// `Exchange2013_SP1`: understood by Exchange Online and Exchange Server 2013 and later.
    public static let `default` = ExchangeServerVersion.exchange2013SP1

    public var configurationName: String { rawValue }
}
