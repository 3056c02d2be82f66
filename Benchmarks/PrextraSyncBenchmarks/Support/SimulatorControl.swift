import AsyncHTTPClient
import Foundation
import NIOCore

/// Acting as the Outlook user through the simulator's control API (`/control`).
enum SimulatorControl {
    struct Item: Decodable {
        var id: String
        var kind: String
        var subject: String?
    }

    static func items(at baseURL: URL, mailbox: String, folder: String) async throws -> [Item] {
        let url = baseURL.appendingPathComponent("control/mailboxes/\(mailbox)/folders/\(folder)/items")
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
        guard response.status == .ok else { throw BenchmarkError("control API: HTTP \(response.status.code) for \(url.path)") }
        return try JSONDecoder().decode([Item].self, from: Data(body.readableBytesView))
    }

    /// Sets simple properties of an item as its owner would in Outlook (a new ChangeKey).
    static func update(at baseURL: URL, mailbox: String, id: String, set values: [String: String]) async throws {
        let encodedId = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
        var request = HTTPClientRequest(url: baseURL.absoluteString + "/control/mailboxes/\(mailbox)/items/\(encodedId)")
        request.method = .PATCH
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["set": values])))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 16 * 1024 * 1024)
        guard response.status == .ok else { throw BenchmarkError("control API: updating \(id) in \(mailbox) gave HTTP \(response.status.code)") }
    }
}
