import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Writes problem documents.
enum ProblemResponse {
    static func make(_ problem: APIProblem, path: String?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = ProblemDetails.mediaType
        for (name, value) in problem.headers { headers[name] = value }
        let body = (try? APIJSON.encode(problem.details(instance: path))) ?? Data("{}".utf8)
        return Response(status: problem.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
