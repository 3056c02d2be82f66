/// The XML namespaces of EWS and SOAP 1.1.
public enum EWSNamespace {
    public static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    public static let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"
    public static let types = "http://schemas.microsoft.com/exchange/services/2006/types"
    public static let errors = "http://schemas.microsoft.com/exchange/services/2006/errors"
}
