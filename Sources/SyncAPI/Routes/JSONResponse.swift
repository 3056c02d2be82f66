import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds JSON responses.
enum JSONResponse {
    static func make<Value: Encodable>(
        _ status: HTTPResponse.Status = .ok, _ value: Value, headers extra: [(HTTPField.Name, String)] = []
    ) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        for (name, value) in extra { headers[name] = value }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try APIJSON.encode(value))))
    }
}
