import AsyncHTTPClient

/// A failed request in words an operator can act on. The two ways a request runs out of time
/// (the client's deadline passes before the head or during the body, or the body deadline passes
/// first) read the same, since which one fires first is a race of no interest to the reader.
public enum TransportFailureDescription {
    public static func describe(_ error: any Error, deadline: Duration) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded {
            return ResponseBodyTimeout(deadline: deadline).description
        }
        if let error = error as? ResponseBodyTimeout { return error.description }
        if let error = error as? HTTPClientError { return String(describing: error) }
        return String(String(describing: error).prefix(300))
    }
}
