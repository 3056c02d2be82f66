import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Graph requests against the harness's simulator, with a Graph-audience token.
extension SimulatorHarness {
    static let graphRoles = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "Mail.Read", "User.Read.All"]

    struct GraphResponse {
        var status: Int
        var headers: HTTPHeaders
        var text: String
        var json: GraphJSON?

        var errorCode: String? { json?["error"]?["code"]?.stringValue }
        var value: [GraphJSON] { json?["value"]?.arrayValue ?? [] }
        subscript(key: String) -> GraphJSON? { json?[key] }
    }

    func graphToken(tenant: String = contoso, roles: [String]? = graphRoles, audience: String = TestTokenAuthority.graphAudience) throws -> String {
        try authority.token(tenantId: tenant, roles: roles, audience: audience)
    }

    /// `path` is below `/v1.0` and already encoded, e.g. `/users/alice@contoso.example/events`.
    func graph(
        _ method: HTTPMethod, _ path: String, body: String? = nil, headers: [String: String] = [:], token: String? = nil,
        tenant: String = contoso, roles: [String]? = graphRoles
    ) async throws -> GraphResponse {
        var request = HTTPClientRequest(url: baseURL.absoluteString + "/v1.0" + path)
        request.method = method
        let bearer = try token ?? graphToken(tenant: tenant, roles: roles)
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let text = String(buffer: buffer)
        let json = text.isEmpty ? nil : try GraphJSON.parse(Data(text.utf8))
        if let error = json?["error"] {
            // Every error has Graph's shape.
            #expect(error["code"]?.stringValue != nil && error["message"]?.stringValue != nil, "\(text)")
        }
        return GraphResponse(status: Int(response.status.code), headers: response.headers, text: text, json: json)
    }

    /// Follows an absolute link the simulator wrote.
    func graphLink(_ link: String, headers: [String: String] = [:]) async throws -> GraphResponse {
        let prefix = baseURL.absoluteString + "/v1.0"
        #expect(link.hasPrefix(prefix), "\(link)")
        return try await graph(.GET, String(link.dropFirst(prefix.count)), headers: headers)
    }
}

extension SimulatorHarness {
    /// A form POST (token endpoint), answered with JSON.
    func formPost(_ url: URL, form: [String: String]) async throws -> GraphJSON {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 1024 * 1024)
        return try GraphJSON.parse(Data(buffer.readableBytesView))
    }

    /// Any request to an absolute URL with a bearer token.
    func request(_ method: HTTPMethod, _ url: String, bearer: String) async throws -> GraphResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        let response = try await client.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let text = String(buffer: buffer)
        return GraphResponse(status: Int(response.status.code), headers: response.headers, text: text, json: text.isEmpty ? nil : try? GraphJSON.parse(Data(text.utf8)))
    }
}

extension GraphJSON {
    /// Test convenience: a JSON document.
    static func parse(_ text: String) throws -> GraphJSON { try parse(Data(text.utf8)) }
}
