import Foundation

/// `/v1.0/subscriptions`: create (201), read, renew (PATCH `expirationDateTime`) and delete (204).
/// Checked like Graph: `notificationUrl` (and `lifecycleNotificationUrl`) must be https,
/// `resource` is a path under `/users/{id}/` without base URL, `expirationDateTime` is in the
/// future and at most `maximumMinutes` ahead (4230 for Outlook resources in the stored docs).
/// The simulator does not call the notification URL (no validation handshake, no notifications).
struct GraphSubscriptions {
    static let maximumMinutes = 4230

    struct Subscription: Sendable {
        var id: String
        var tenantId: String
        var appId: String
        var body: [GraphJSON.Member]
        var expiration: Date
    }

    let endpoint: GraphEndpoint

    func handle(_ request: GraphRequest, segments: [String], claims: AppTokenClaims) throws(GraphError) -> GraphHTTPResponse {
        let state = endpoint.state
        switch (segments.count, request.method) {
        case (1, "POST"):
            let body = try parse(request)
            try endpoint.schema.validate(body, as: "subscription")
            for required in ["changeType", "notificationUrl", "resource", "expirationDateTime"] where body[required]?.stringValue == nil {
                throw GraphError.badRequest("The property '\(required)' is required.", code: "InvalidRequest")
            }
            for property in ["notificationUrl", "lifecycleNotificationUrl"] {
                if let url = body[property]?.stringValue, !url.lowercased().hasPrefix("https://") {
                    throw GraphError.badRequest("The \(property) must be a valid https URL.", code: "InvalidRequest")
                }
            }
            let resource = body["resource"]?.stringValue ?? ""
            guard !resource.lowercased().hasPrefix("http"), resource.lowercased().contains("users/") else {
                throw GraphError.badRequest("The resource '\(resource)' is not supported: use a path such as /users/{id}/events.", code: "InvalidRequest")
            }
            let expiration = try expirationDate(body)
            let id = UUID().uuidString.lowercased()
            var members = body.members.filter { !$0.key.contains("@") }
            members.insert(.init("id", .string(id)), at: 0)
            members.append(.init("applicationId", .string(claims.appId)))
            state.subscriptions.withLock { $0[id] = Subscription(id: id, tenantId: claims.tenantId, appId: claims.appId, body: members, expiration: expiration) }
            return .json(.object(members), status: 201)
        case (2, let method):
            let id = segments[1]
            guard let existing = state.subscriptions.withLock({ $0[id] }), existing.tenantId.lowercased() == claims.tenantId.lowercased() else {
                throw GraphError(404, "ResourceNotFound", "The object was not found.")
            }
            switch method {
            case "GET":
                return .json(.object(existing.body))
            case "PATCH":
                let body = try parse(request)
                let expiration = try expirationDate(body)
                var updated = existing
                updated.expiration = expiration
                updated.body.removeAll { $0.key == "expirationDateTime" }
                updated.body.append(.init("expirationDateTime", body["expirationDateTime"]!))
                state.subscriptions.withLock { $0[id] = updated }
                return .json(.object(updated.body))
            case "DELETE":
                _ = state.subscriptions.withLock { $0.removeValue(forKey: id) }
                return .noContent
            default:
                throw GraphError(405, "Request_BadRequest", "The HTTP method '\(method)' is not allowed on this resource.")
            }
        default:
            throw GraphError.resourceNotFound(segments.last ?? "subscriptions")
        }
    }

    private func parse(_ request: GraphRequest) throws(GraphError) -> GraphJSON {
        do { return try GraphJSON.parse(request.body) } catch {
            throw GraphError(400, "BadRequest", "Unable to read JSON request payload.")
        }
    }

    private func expirationDate(_ body: GraphJSON) throws(GraphError) -> Date {
        guard let text = body["expirationDateTime"]?.stringValue, let date = EWSDateTime.parse(text, floatingIn: .gmt) else {
            throw GraphError.badRequest("expirationDateTime is missing or invalid.", code: "InvalidRequest")
        }
        let now = Date()
        guard date > now, date.timeIntervalSince(now) <= TimeInterval(Self.maximumMinutes * 60) else {
            throw GraphError.badRequest(
                "Subscription expiration can only be \(Self.maximumMinutes) minutes in the future.", code: "ExtensionError")
        }
        return date
    }
}
