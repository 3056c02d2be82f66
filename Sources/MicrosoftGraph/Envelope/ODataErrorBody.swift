/// Graph's error body: `{"error":{"code":"…","message":"…","innerError":{"request-id":"…","date":"…"}}}`.
/// `innerError` is sometimes missing (throttling answers often have none).
struct ODataErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var code: String?
        var message: String?
        var innerError: Inner?
    }

    struct Inner: Decodable, Sendable {
        var requestID: String?
        var clientRequestID: String?
        var date: String?

        enum CodingKeys: String, CodingKey {
            case requestID = "request-id"
            case clientRequestID = "client-request-id"
            case date
        }
    }

    var error: Detail
}
