import Foundation
import Synchronization

/// Writes every EWS request and response body to a directory (`--record DIR`), numbered in
/// arrival order: `000001-GetItem-request.xml`, `000001-GetItem-response.xml`.
public final class RequestRecorder: Sendable {
    public let directory: URL
    private let counter = Mutex(0)

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func record(operation: String, request: Data, response: EWSHTTPResponse) {
        let number = counter.withLock { value -> Int in
            value += 1
            return value
        }
        let prefix = String(format: "%06d-%@", number, operation)
        try? request.write(to: directory.appendingPathComponent("\(prefix)-request.xml"))
        let body = response.dropsConnection ? "(connection dropped)" : (response.body.isEmpty ? "(HTTP \(response.status), empty body)" : response.body)
        try? Data(body.utf8).write(to: directory.appendingPathComponent("\(prefix)-response.xml"))
    }
}
