import Foundation
import HTTPTypes
import Hummingbird

extension EntraIDSimulator {
    /// Mounts the Entra ID endpoints:
    /// - `POST /{tenant}/oauth2/v2.0/token` (client-credentials grant; tenant by GUID or domain)
    /// - `GET /{tenant}/v2.0/.well-known/openid-configuration`
    /// - `GET /{tenant}/discovery/v2.0/keys` and `GET /common/discovery/keys` (JWKS)
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("/{tenant}/oauth2/v2.0/token") { request, context in
            let tenant = try context.parameters.require("tenant")
            let body = try await request.body.collect(upTo: 1 << 20)
            let form = Self.parseForm(String(buffer: body))
            let correlationId = request.headers[.init("client-request-id")!].flatMap { UUID(uuidString: $0)?.uuidString.lowercased() }
                ?? UUID().uuidString.lowercased()
            switch self.handleTokenRequest(
                tenantSegment: tenant, form: form, basicCredentials: Self.basicCredentials(request.headers[.authorization]))
            {
            case .issued(let json, _):
                return Self.json(json, status: .ok, correlationId: correlationId)
            case .failed(let error):
                var response = Self.json(
                    error.jsonBody(correlationId: correlationId, now: self.clock()),
                    status: HTTPResponse.Status(code: error.status), correlationId: correlationId)
                if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
                return response
            }
        }
        router.get("/{tenant}/v2.0/.well-known/openid-configuration") { request, context in
            let segment = try context.parameters.require("tenant")
            let base = self.publicBaseURL ?? "http://\(request.head.authority ?? "127.0.0.1")"
            let tenantId: String
            switch self.resolveTenant(segment) {
            case .success(let tenant): tenantId = tenant.id
            case .failure(let error):
                return Self.json(error.jsonBody(correlationId: UUID().uuidString.lowercased(), now: self.clock()),
                                 status: .badRequest, correlationId: nil)
            }
            let document: [String: any Sendable] = [
                "issuer": "\(base)/\(tenantId)/v2.0",
                "token_endpoint": "\(base)/\(tenantId)/oauth2/v2.0/token",
                "authorization_endpoint": "\(base)/\(tenantId)/oauth2/v2.0/authorize",
                "jwks_uri": "\(base)/\(tenantId)/discovery/v2.0/keys",
                "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
                "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "tenant_region_scope": "EU",
                "cloud_instance_name": "microsoftonline.com",
            ]
            return Self.json(document, status: .ok, correlationId: nil)
        }
        let keys: @Sendable (Request, Context) async throws -> Response = { _, _ in
            Self.json(["keys": [try self.signingKey.jsonWebKey()]], status: .ok, correlationId: nil)
        }
        router.get("/{tenant}/discovery/v2.0/keys", use: keys)
        router.get("/{tenant}/discovery/keys", use: keys)
        addControlRoutes(to: router)
    }

    static func json(_ object: [String: any Sendable], status: HTTPResponse.Status, correlationId: String?) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers: HTTPFields = [
            .contentType: "application/json; charset=utf-8",
            .cacheControl: "no-store, no-cache",
        ]
        if let correlationId { headers[HTTPField.Name("client-request-id")!] = correlationId }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `application/x-www-form-urlencoded`, as OAuth clients send it.
    static func parseForm(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            fields[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return fields
    }

    /// RFC 6749 §2.3.1: `Authorization: Basic base64(urlencode(id):urlencode(secret))`.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        let id = String(text[..<colon]).removingPercentEncoding ?? String(text[..<colon])
        let secretPart = String(text[text.index(after: colon)...])
        return (id, secretPart.removingPercentEncoding ?? secretPart)
    }
}
