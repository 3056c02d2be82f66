import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// A minimal browser for the pages' tests, over real HTTP on loopback: it keeps the cookies the
/// server sets (by name), follows no redirect by itself, and sends forms URL-encoded.
final class PageClient: Sendable {
    struct Page {
        var status: Int
        var headers: [(String, String)]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func headers(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
        /// Whether the page shows `words` (escaped as HTML escapes an apostrophe).
        func shows(_ words: String) -> Bool { text.contains(words.replacingOccurrences(of: "'", with: "&#39;")) }

        /// The value of the hidden field `name` of the page's first form that has one.
        func hiddenField(_ name: String) -> String? {
            guard let range = text.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = text[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    let base: URL
    let cookies = Mutex<[String: String]>([:])
    let language: String?

    init(base: URL, language: String? = nil) {
        self.base = base
        self.language = language
    }

    func get(_ path: String) async throws -> Page { try await send("GET", path, body: nil) }

    func post(_ path: String, form: [(String, String)]) async throws -> Page {
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await send("POST", path, body: body)
    }

    func send(_ method: String, _ path: String, body: String?, contentType: String = "application/x-www-form-urlencoded") async throws -> Page {
        var request = HTTPClientRequest(url: base.absoluteString + path)
        request.method = .init(rawValue: method)
        let cookieHeader = cookies.withLock { $0.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if !cookieHeader.isEmpty { request.headers.add(name: "Cookie", value: cookieHeader) }
        if let language { request.headers.add(name: "Accept-Language", value: language) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await Self.httpClient.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 4 << 20)
        let page = Page(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Data(buffer: bytes))
        for setCookie in page.headers("Set-Cookie") {
            let pair = setCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]), value = String(pair[1])
            cookies.withLock { if value.isEmpty || setCookie.contains("Max-Age=0") { $0[name] = nil } else { $0[name] = value } }
        }
        return page
    }
}
