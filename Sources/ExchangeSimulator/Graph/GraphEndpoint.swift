import Foundation
import Logging

/// Microsoft Graph under `/v1.0/` on the simulator's server, over the same mailboxes as EWS.
/// A request goes through, in order: bearer token for the Graph audience (401), the user
/// (404), the application role for the resource (403), the application access policy (403),
/// the mailbox's REST state (`MailboxNotEnabledForRESTAPI`), injected faults, Outlook's
/// per-mailbox limits (429), then the operation.
struct GraphEndpoint: Sendable {
    static let pathPrefix = "/v1.0"

    let exchange: SimulatedExchange
    let tokenValidator: any AppTokenValidating
    let schema: GraphSchema
    let logger: Logger

    var state: GraphServiceState { exchange.graph }

    /// Answers one top-level request.
    func handle(_ request: GraphRequest) async -> GraphHTTPResponse {
        let requestId = UUID().uuidString.lowercased()
        var response: GraphHTTPResponse
        var tenantId = ""
        var mailbox = ""
        do {
            let claims = try authenticate(request)
            tenantId = claims.tenantId
            if request.method == "POST", request.segments == ["$batch"] {
                response = try await GraphBatch(endpoint: self).run(request, claims: claims)
            } else {
                let answer = try await dispatch(request, claims: claims)
                response = answer.response
                mailbox = answer.mailbox
            }
        } catch {
            response = Self.errorResponse(error, requestId: requestId, clientRequestId: request.header("client-request-id"))
        }
        response.headers["request-id"] = requestId
        if let client = request.header("client-request-id") { response.headers["client-request-id"] = client }
        exchange.record(
            EWSRequestRecord(
                operation: "Graph \(request.method) \(request.path)", tenantId: tenantId, mailbox: mailbox,
                httpStatus: response.dropsConnection ? 0 : response.status, responseCode: response.errorCode ?? "NoError",
                receivedAt: Date()))
        return response
    }

    static func errorResponse(_ error: GraphError, requestId: String, clientRequestId: String?) -> GraphHTTPResponse {
        var headers = error.headers
        headers["Content-Type"] = "application/json"
        return GraphHTTPResponse(
            status: error.status, headers: headers, body: error.body(requestId: requestId, clientRequestId: clientRequestId, date: Date()),
            errorCode: error.code)
    }

    // MARK: 1. Token

    func authenticate(_ request: GraphRequest) throws(GraphError) -> AppTokenClaims {
        var challenge = GraphError(
            401, "InvalidAuthenticationToken", "Access token is empty.",
            headers: ["WWW-Authenticate": "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\""])
        guard let authorization = request.header("authorization"), authorization.lowercased().hasPrefix("bearer "),
            authorization.count > 7
        else { throw challenge }
        do {
            return try tokenValidator.validateGraph(bearerToken: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        } catch {
            // The reason stays server-side (it could help an attacker); Graph says little more.
            logger.debug("Graph token refused: \(error.reason)")
            challenge.message = "Access token validation failure. Invalid audience."
            if !error.reason.contains("audience") { challenge.message = "Access token validation failure." }
            throw challenge
        }
    }

    // MARK: 2-6. User, role, policy, REST state, limits; then the operation

    struct Answer {
        var response: GraphHTTPResponse
        var mailbox: String
    }

    func dispatch(_ request: GraphRequest, claims: AppTokenClaims) async throws(GraphError) -> Answer {
        guard let segments = request.segments else { throw GraphError.malformedId }
        guard let first = segments.first else { throw GraphError.resourceNotFound("") }
        switch first {
        case "users":
            guard segments.count >= 2 else { throw GraphError.badRequest("Listing users is not supported by the simulator.") }
            let tenant = exchange.tenants.first { $0.id.lowercased() == claims.tenantId.lowercased() }
            guard let tenant, let resolved = resolveUser(segments[1], in: tenant) else {
                throw GraphError(404, "ErrorInvalidUser", "The requested user '\(segments[1])' is invalid.")
            }
            let (mailbox, seed) = resolved
            let route = try GraphRoute(segments: Array(segments.dropFirst(2)), method: request.method)
            try authorize(route: route, method: request.method, claims: claims, mailbox: seed, tenant: tenant)
            let response = try await admitted(claims: claims, mailbox: seed.primarySmtpAddress, tenant: tenant) { () throws(GraphError) in
                let context = GraphCallContext(
                    request: request, endpoint: self, mailbox: mailbox, seed: seed, claims: claims, userSegment: segments[1], now: Date())
                return try GraphOperations.run(route, context: context)
            }
            return Answer(response: response, mailbox: seed.primarySmtpAddress.lowercased())
        case "subscriptions":
            return Answer(response: try await GraphSubscriptions(endpoint: self).handle(request, segments: segments, claims: claims), mailbox: "")
        case "me":
            throw GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.")
        default:
            throw GraphError.resourceNotFound(first)
        }
    }

    /// A user by UPN (primary SMTP address) or by the user object id the simulator derives from it.
    func resolveUser(_ segment: String, in tenant: TenantSeed) -> (SimulatedMailbox, MailboxSeed)? {
        let wanted = segment.lowercased()
        for seed in tenant.mailboxes
        where seed.primarySmtpAddress.lowercased() == wanted || Self.userObjectId(seed.primarySmtpAddress) == wanted {
            if let mailbox = exchange.mailbox(seed.primarySmtpAddress) { return (mailbox, seed) }
        }
        return nil
    }

    /// A stable user object id (GUID) for a mailbox address.
    static func userObjectId(_ address: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in address.lowercased().utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 7
        }
        let hex = String(format: "%016llx%016llx", hash, second)
        let chars = Array(hex)
        return "\(String(chars[0..<8]))-\(String(chars[8..<12]))-4\(String(chars[13..<16]))-8\(String(chars[17..<20]))-\(String(chars[20..<32]))"
    }

    func authorize(route: GraphRoute, method: String, claims: AppTokenClaims, mailbox: MailboxSeed, tenant: TenantSeed) throws(GraphError) {
        let accepted = method == "GET" ? route.acceptedRoles : route.writeRoles
        if !accepted.isEmpty, !claims.roles.contains(where: { accepted.contains($0) }) {
            throw GraphError.accessDenied
        }
        if route.touchesMailbox {
            let app = tenant.apps.first { $0.clientId.lowercased() == claims.appId.lowercased() }
            if let allowed = app?.accessPolicyMailboxes,
                !allowed.contains(where: { $0.caseInsensitiveCompare(mailbox.primarySmtpAddress) == .orderedSame })
            {
                throw GraphError(403, "ErrorAccessDenied", "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.")
            }
            if !mailbox.restAPIEnabled {
                throw GraphError(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
            }
        }
    }

    /// Injected faults (shared with EWS), then Outlook's per-mailbox limits, then the work.
    func admitted(
        claims: AppTokenClaims, mailbox: String, tenant: TenantSeed, _ work: () throws(GraphError) -> GraphHTTPResponse
    ) async throws(GraphError) -> GraphHTTPResponse {
        let settings = exchange.faults.settings(tenantId: tenant.id)
        if let fault = exchange.faults.nextInjectedFault(tenantId: tenant.id) {
            switch fault {
            case .dropConnection:
                return GraphHTTPResponse(status: 0, headers: [:], body: nil, dropsConnection: true, errorCode: "Dropped")
            case .serviceUnavailable, .serverBusy, .tooManyObjectsOpened:
                throw GraphError(503, "ServiceUnavailable", "The service is temporarily unavailable. Try again later.", headers: ["Retry-After": "1"])
            case .internalServerError:
                throw GraphError(500, "InternalServerError", "An internal server error occurred. The operation failed.")
            case .throttled:
                var error = GraphError(
                    429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.",
                    headers: ["Retry-After": String(settings.graphRetryAfterSeconds)])
                error.hasInnerError = false
                throw error
            }
        }
        let now = Date()
        switch state.limits.admit(appId: claims.appId, mailbox: mailbox, settings: settings, now: now) {
        case .overConcurrency:
            var error = GraphError(
                429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.",
                headers: ["Retry-After": String(settings.graphRetryAfterSeconds)])
            error.hasInnerError = false
            throw error
        case .overRate:
            var error = GraphError(
                429, "ApplicationThrottled", "Application is over its MailboxRequests limit.",
                headers: ["Retry-After": String(settings.graphRetryAfterSeconds)])
            error.hasInnerError = false
            throw error
        case .proceed:
            defer { state.limits.finish(appId: claims.appId, mailbox: mailbox) }
            if settings.addedLatencyMilliseconds > 0 { try? await Task.sleep(for: .milliseconds(settings.addedLatencyMilliseconds)) }
            return try work()
        }
    }
}

/// What one operation works with.
struct GraphCallContext {
    let request: GraphRequest
    let endpoint: GraphEndpoint
    let mailbox: SimulatedMailbox
    let seed: MailboxSeed
    let claims: AppTokenClaims
    /// The user segment as the request wrote it (links repeat it).
    let userSegment: String
    let now: Date

    var exchange: SimulatedExchange { endpoint.exchange }
    var schema: GraphSchema { endpoint.schema }
    var preferences: GraphPreferences { request.preferences }
    var query: [String: String] { request.query }

    /// Render options: id format always; `outlook.timezone` on GET only (POST and PATCH answers
    /// stay in the zone of the body or UTC, as on Graph).
    var options: GraphRenderOptions {
        var options = GraphRenderOptions()
        options.immutableIds = preferences.immutableIds
        if request.method == "GET" { options.timeZone = preferences.timeZone }
        return options
    }

    var mailboxZone: TimeZone { TimeZoneResolution.timeZone(windowsId: seed.timeZone) ?? .gmt }

    /// The request body as JSON (400 when it is not).
    func body() throws(GraphError) -> GraphJSON {
        guard !request.body.isEmpty else { throw GraphError.badRequest("Empty Payload. JSON content expected.") }
        do {
            return try GraphJSON.parse(request.body)
        } catch {
            throw GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
        }
    }

    /// An absolute link under this user.
    func link(_ relative: String) -> String {
        let user = userSegment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? userSegment
        return "\(request.origin)\(GraphEndpoint.pathPrefix)/users/\(user)/\(relative)"
    }

    /// `If-Match` against the current change key: a stale etag is 412.
    func checkIfMatch(_ changeKey: String) throws(GraphError) {
        guard let header = request.header("if-match"), header != "*" else { return }
        var value = header.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("W/") { value = String(value.dropFirst(2)) }
        value = value.trimmingCharacters(in: ["\""])
        if value != changeKey { throw GraphError.preconditionFailed }
    }
}
