import AsyncHTTPClient
import ExchangeSimulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// A running simulator on 127.0.0.1 with the demo seed, and a real HTTP client. Every EWS
/// response body it receives is checked against the official schema.
final class SimulatorHarness: Sendable {
    static let contoso = "11111111-1111-4111-8111-111111111111"
    static let fabrikam = "44444444-4444-4444-8444-444444444444"
    static let alice = "alice@contoso.example"
    static let bob = "bob@contoso.example"
    static let carol = "carol@fabrikam.example"

    let server: SimulatorServer
    let baseURL: URL
    let authority: TestTokenAuthority
    let client: HTTPClient

    struct EWSResponse {
        var status: Int
        var body: String
        var headers: HTTPHeaders
        var document: XMLElementNode?

        /// The `m:*ResponseMessage` elements of a batch response.
        var messages: [XMLElementNode] {
            document?.child("Body")?.children.first?.child("ResponseMessages")?.children ?? []
        }
        var faultCode: String? {
            document?.descendant("Body", "Fault", "detail", "ResponseCode")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    private init(server: SimulatorServer, baseURL: URL, authority: TestTokenAuthority) {
        self.server = server
        self.baseURL = baseURL
        self.authority = authority
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    static func start(seed: SimulatorSeed = .demo, record: URL? = nil) async throws -> SimulatorHarness {
        let authority = try TestTokenAuthority()
        let server = try SimulatorServer(
            configuration: SimulatorConfiguration(seed: seed, recordDirectory: record, validatesResponses: true),
            tokenValidator: authority)
        let url = try await server.start()
        return SimulatorHarness(server: server, baseURL: url, authority: authority)
    }

    func shutdown() async {
        try? await client.shutdown()
        await server.stop()
    }

    var exchange: SimulatedExchange { server.exchange }

    /// Wraps an operation body in an envelope impersonating `mailbox`.
    static func envelope(_ body: String, mailbox: String? = alice, extraHeader: String = "") -> String {
        let impersonation =
            mailbox.map {
                "<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>\($0)</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>"
            } ?? ""
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
            <soap:Header><t:RequestServerVersion Version="Exchange2016"/>\(impersonation)\(extraHeader)</soap:Header>
            <soap:Body>\(body)</soap:Body>
            </soap:Envelope>
            """
    }

    /// Posts raw XML with a token for `tenant` (nil: no Authorization header).
    func post(
        _ xml: String, tenant: String? = contoso, roles: [String]? = ["full_access_as_app"], anchor: String? = alice,
        token: String? = nil
    ) async throws -> EWSResponse {
        var request = HTTPClientRequest(url: baseURL.appendingPathComponent("EWS/Exchange.asmx").absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/xml; charset=utf-8")
        if let token {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        } else if let tenant {
            request.headers.add(name: "Authorization", value: "Bearer \(try authority.token(tenantId: tenant, roles: roles))")
        }
        if let anchor { request.headers.add(name: "X-AnchorMailbox", value: anchor) }
        request.body = .bytes(ByteBuffer(string: xml))
        let response = try await client.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 256 * 1024 * 1024)
        let body = String(buffer: buffer)
        var document: XMLElementNode?
        if !body.isEmpty {
            document = try XMLTreeParser.parse(Data(body.utf8))
            if document?.descendant("Body", "Fault") == nil {
                let violations = EWSSchemaValidator.shared.violations(in: Data(body.utf8))
                #expect(violations.isEmpty, "schema-invalid response: \(violations)\n\(body.prefix(3000))")
            }
        }
        return EWSResponse(status: Int(response.status.code), body: body, headers: response.headers, document: document)
    }

    /// Posts an operation body for `mailbox` with a valid token of its tenant.
    func ews(_ body: String, mailbox: String = alice, tenant: String = contoso) async throws -> EWSResponse {
        try await post(Self.envelope(body, mailbox: mailbox), tenant: tenant, anchor: mailbox)
    }

    /// Runs `body` against a fresh simulator, shutting it down afterwards.
    static func with<T>(seed: SimulatorSeed = .demo, record: URL? = nil, _ body: (SimulatorHarness) async throws -> T) async throws -> T {
        let harness = try await start(seed: seed, record: record)
        do {
            let result = try await body(harness)
            await harness.shutdown()
            return result
        } catch {
            await harness.shutdown()
            throw error
        }
    }
}

extension XMLElementNode {
    /// All descendants with this local name, depth first.
    func all(_ name: String) -> [XMLElementNode] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
    }
}
