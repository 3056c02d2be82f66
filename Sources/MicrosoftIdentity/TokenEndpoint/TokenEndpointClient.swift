import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends one client-credentials request to Entra ID's v2.0 token endpoint and reads the answer.
/// No caching and no retries here: ``ClientCredentialsTokenProvider`` adds those.
public struct TokenEndpointClient: Sendable {
    let httpClient: HTTPClient
    let timeout: TimeAmount
    let logger: Logger

    /// - Parameters:
    ///   - httpClient: `OutboundHTTPClient.shared` by default (it follows no redirect: the request
    ///     carries the client secret); pass one configured with extra trust roots for a test authority.
    ///   - timeout: for the whole request, the answer's body included.
    public init(httpClient: HTTPClient = OutboundHTTPClient.shared, timeout: Duration = .seconds(30), logger: Logger = Logger(label: "MicrosoftIdentity")) {
        self.httpClient = httpClient
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        self.logger = logger
    }

    /// Requests an app-only token for `resource`.
    func requestToken(for registration: AppRegistration, resource: TokenResource, now: Date) async throws(TokenRequestError) -> TokenResponse {
        let correlationId = UUID().uuidString.lowercased()
        func failure(_ kind: TokenRequestError.Kind, status: Int? = nil, _ summary: String) -> TokenRequestError {
            TokenRequestError(kind: kind, httpStatus: status, correlationId: correlationId, tenantId: registration.tenantId,
                              clientId: registration.clientId, resource: resource.applicationIdURI, summary: summary)
        }

        var fields: [(String, String)] = [
            ("client_id", registration.clientId),
            ("grant_type", "client_credentials"),
            ("scope", resource.scope),
        ]
        let secretValue: String?
        switch registration.credential {
        case .secret(let secret):
            secretValue = secret.value
            fields.append(("client_secret", secret.value))
        case .certificate(let certificate):
            secretValue = nil
            do {
                let assertion = try certificate.clientAssertion(
                    clientId: registration.clientId, audience: registration.tokenEndpoint.absoluteString, now: now)
                fields.append(("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
                fields.append(("client_assertion", assertion))
            } catch {
                throw failure(.malformedResponse, "the client assertion could not be signed with the certificate's key")
            }
        }

        var request = HTTPClientRequest(url: registration.tokenEndpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "client-request-id", value: correlationId)
        request.headers.add(name: "return-client-request-id", value: "true")
        request.headers.add(name: "x-client-sku", value: "prextra-sync.MicrosoftIdentity")
        request.headers.add(name: "x-ms-lib-capability", value: "retry-after, h429")
        request.body = .bytes(ByteBuffer(string: Self.formEncode(fields)))

        logger.debug("requesting app-only token", metadata: [
            "tenant": "\(registration.tenantId)", "client": "\(registration.clientId)",
            "resource": "\(resource.applicationIdURI)", "correlation_id": "\(correlationId)",
        ])

        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            status = Int(response.status.code)
            headers = response.headers
            body = try await response.body.collect(upTo: 1 << 20, within: .nanoseconds(timeout.nanoseconds))
        } catch {
            throw failure(.transport, "no answer from \(registration.cloud.authority.host ?? "the authority"): \(TransportFailureDescription.describe(error, deadline: .nanoseconds(timeout.nanoseconds)))")
        }

        let json = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
        if status == 200 {
            guard let json, let token = TokenResponse(json: json) else {
                throw failure(.malformedResponse, status: status, "HTTP 200 without a readable access token")
            }
            return token
        }

        if (300..<400).contains(status) {
            // Never followed: a 307 or 308 would send the secret again to wherever it points.
            let target = headers.first(name: "Location").flatMap { URL(string: $0)?.host } ?? "another address"
            throw failure(
                .rejected, status: status,
                "the token endpoint answered a redirect (HTTP \(status) to \(target)); redirects are never followed, since the request carries the credential: check the environment's Authority")
        }
        let retryAfter = headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { Duration.seconds($0) }
        guard let json, let errorValue = json["error"] as? String else {
            var error = failure(status == 429 ? .throttled : (status >= 500 ? .serviceUnavailable : .malformedResponse),
                                status: status, "HTTP \(status) without an OAuth error body")
            error.retryAfter = retryAfter
            throw error
        }
        let oauthError = OAuthErrorCode(errorValue)
        var error = TokenRequestError(
            kind: status == 429 ? .throttled : .rejected, oauthError: oauthError,
            aadstsCode: (json["error_codes"] as? [NSNumber])?.first?.intValue,
            httpStatus: status, traceId: json["trace_id"] as? String,
            correlationId: (json["correlation_id"] as? String) ?? correlationId, retryAfter: retryAfter,
            tenantId: registration.tenantId, clientId: registration.clientId, resource: resource.applicationIdURI,
            summary: Self.summarize(json["error_description"] as? String ?? errorValue, scrubbing: secretValue))
        if error.kind == .rejected, status >= 500, oauthError != .temporarilyUnavailable { error.kind = .serviceUnavailable }
        throw error
    }

    /// The first line of `error_description`, without trace lines, without any credential, bounded.
    static func summarize(_ description: String, scrubbing secret: String?) -> String {
        var text = description.components(separatedBy: CharacterSet(charactersIn: "\r\n")).first ?? ""
        if let range = text.range(of: " Trace ID:") { text = String(text[..<range.lowerBound]) }
        if let secret, secret.count >= 4 { text = text.replacingOccurrences(of: secret, with: "<redacted>") }
        return String(text.prefix(400))
    }

    static func formEncode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
