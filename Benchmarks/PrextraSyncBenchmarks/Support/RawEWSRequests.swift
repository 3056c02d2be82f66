import AsyncHTTPClient
import Foundation
import MicrosoftIdentity
import NIOCore

/// EWS over plain HTTP, with hand-written requests and no response parsing beyond a scan for
/// a few values: to time the simulator itself, without the client library's costs.
struct RawEWSRequests: Sendable {
    let endpoint: URL
    let tokenProvider: any AccessTokenProvider

    static let types = "http://schemas.microsoft.com/exchange/services/2006/types"
    static let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"

    /// Posts an operation body for `mailbox`; returns the HTTP status and the body.
    func post(_ operation: String, mailbox: String) async throws -> (status: Int, body: String) {
        let token = try await tokenProvider.accessToken().value
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/xml; charset=utf-8")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "X-AnchorMailbox", value: mailbox)
        let envelope = """
            <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:t="\(Self.types)" xmlns:m="\(Self.messages)"><soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/>\
            <t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>\(mailbox)</t:PrimarySmtpAddress></t:ConnectingSID>\
            </t:ExchangeImpersonation></soap:Header><soap:Body>\(operation)</soap:Body></soap:Envelope>
            """
        request.body = .bytes(ByteBuffer(string: envelope))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
        let body = try await response.body.collect(upTo: 512 * 1024 * 1024)
        return (Int(response.status.code), String(buffer: body))
    }

    static func syncFolderItems(folder: String, state: String?, shape: String = "IdOnly", maxChanges: Int = 512) -> String {
        "<m:SyncFolderItems><m:ItemShape><t:BaseShape>\(shape)</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id=\"\(folder)\"/></m:SyncFolderId>"
            + (state.map { "<m:SyncState>\($0)</m:SyncState>" } ?? "")
            + "<m:MaxChangesReturned>\(maxChanges)</m:MaxChangesReturned><m:SyncScope>NormalItems</m:SyncScope></m:SyncFolderItems>"
    }

    static func getItem(ids: [String], shape: String = "AllProperties") -> String {
        "<m:GetItem><m:ItemShape><t:BaseShape>\(shape)</t:BaseShape></m:ItemShape><m:ItemIds>"
            + ids.map { "<t:ItemId Id=\"\($0)\"/>" }.joined() + "</m:ItemIds></m:GetItem>"
    }

    /// Text of every element with this local name (any prefix), in order.
    static func texts(of name: String, in body: String) -> [String] {
        var results: [String] = []
        var rest = body[...]
        while let open = rest.range(of: ":\(name)>") ?? rest.range(of: "<\(name)>") {
            guard let close = rest[open.upperBound...].range(of: "</") else { break }
            results.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return results
    }

    /// The `Id` attribute of every `ItemId` element (attributes in any order).
    static func itemIds(in body: String) -> [String] {
        var results: [String] = []
        var rest = body[...]
        while let element = rest.range(of: "ItemId ") {
            guard let tagEnd = rest[element.upperBound...].firstIndex(of: ">") else { break }
            let tag = rest[element.upperBound..<tagEnd]
            if let id = tag.range(of: "Id=\""), id.lowerBound == tag.startIndex || tag[tag.index(before: id.lowerBound)] == " ",
               let end = tag[id.upperBound...].firstIndex(of: "\"")
            {
                results.append(String(tag[id.upperBound..<end]))
            }
            rest = rest[tagEnd...]
        }
        return results
    }
}

/// The simulator's request log, through its control API: requests by operation.
enum SimulatorRequestLog {
    private struct Record: Decodable {
        var operation: String
        var httpStatus: Int
    }

    static func counts(at baseURL: URL) async throws -> (byOperation: [String: Int], failed: Int) {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: baseURL.appendingPathComponent("control/requests").absoluteString), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
        let records = try JSONDecoder().decode([Record].self, from: Data(body.readableBytesView))
        var counts: [String: Int] = [:]
        for record in records { counts[record.operation, default: 0] += 1 }
        return (counts, records.filter { $0.httpStatus != 200 }.count)
    }

    static func clear(at baseURL: URL) async throws {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent("control/requests").absoluteString)
        request.method = .DELETE
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    }
}
