import Foundation

/// `/v1.0/subscriptions`: create (201), read, renew (PATCH `expirationDateTime`), reauthorize
/// (POST `…/reauthorize`, 204) and delete (204). Checked like Graph:
/// - `notificationUrl` (and `lifecycleNotificationUrl`) must be https; plain http is accepted
///   for loopback hosts only, so that tests can receive notifications (Graph itself never
///   accepts http);
/// - `resource` is a path under `/users/{id}/` without base URL, which the app may read (the
///   read role of the resource, the application access policy);
/// - `expirationDateTime` is in the future and at most `maximumMinutes` ahead (4230 for Outlook
///   resources in the stored docs): 400 otherwise;
/// - before answering 201, each URL is validated: `POST {url}?validationToken=…`, which must
///   answer 200 with the decoded token as its plain-text body within 10 s (400 `InvalidRequest`
///   "Subscription validation request failed/timed out" otherwise, and nothing is created).
/// Notifications themselves go out through `GraphNotificationSender`.
struct GraphSubscriptions {
    static let maximumMinutes = 4230

    struct Subscription: Sendable {
        var id: String
        var tenantId: String
        var appId: String
        var body: [GraphJSON.Member]
        var expiration: Date
        /// The mailbox (lower-cased primary address) and folder the resource names.
        var mailbox: String
        var folderId: String
        var target: GraphSubscriptionTarget
        var changeTypes: Set<String>
        var notificationURL: URL
        var lifecycleURL: URL?
        var clientState: String?
        /// Created with `Prefer: IdType="ImmutableId"`: notifications carry immutable ids.
        var immutableIds: Bool
        /// A `reauthorizationRequired` lifecycle event was sent: no notification goes out until
        /// the app reauthorizes (or renews) the subscription.
        var needsReauthorization = false
    }

    let endpoint: GraphEndpoint

    func handle(_ request: GraphRequest, segments: [String], claims: AppTokenClaims) async throws(GraphError) -> GraphHTTPResponse {
        let state = endpoint.state
        switch (segments.count, request.method) {
        case (1, "POST"):
            return try await create(request, claims: claims)
        case (3, "POST") where segments[2] == "reauthorize":
            _ = try existing(segments[1], claims: claims)
            state.subscriptions.withLock { $0[segments[1]]?.needsReauthorization = false }
            return .noContent
        case (2, let method):
            let id = segments[1]
            let existing = try existing(id, claims: claims)
            switch method {
            case "GET":
                return .json(.object(existing.body))
            case "PATCH":
                let body = try parse(request)
                let expiration = try expirationDate(body)
                var updated = existing
                updated.expiration = expiration
                updated.needsReauthorization = false
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

    /// A live subscription of the caller's tenant; an expired one is gone, as on Graph.
    private func existing(_ id: String, claims: AppTokenClaims) throws(GraphError) -> Subscription {
        guard let found = endpoint.state.subscriptions.withLock({ $0[id] }),
            found.tenantId.lowercased() == claims.tenantId.lowercased(), found.expiration > Date()
        else {
            throw GraphError(404, "ResourceNotFound", "The object was not found.")
        }
        return found
    }

    private func create(_ request: GraphRequest, claims: AppTokenClaims) async throws(GraphError) -> GraphHTTPResponse {
        let body = try parse(request)
        try endpoint.schema.validate(body, as: "subscription")
        for required in ["changeType", "notificationUrl", "resource", "expirationDateTime"] where body[required]?.stringValue == nil {
            throw GraphError.badRequest("The property '\(required)' is required.", code: "InvalidRequest")
        }
        let notificationURL = try checkedURL(body, "notificationUrl")!
        let lifecycleURL = try checkedURL(body, "lifecycleNotificationUrl")
        let changeTypes = Set((body["changeType"]?.stringValue ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        guard !changeTypes.isEmpty, changeTypes.isSubset(of: ["created", "updated", "deleted"]) else {
            throw GraphError.badRequest("changeType must be a comma-separated list of created, updated and deleted.", code: "InvalidRequest")
        }
        if let clientState = body["clientState"]?.stringValue, clientState.count > 128 {
            throw GraphError.badRequest("clientState must be at most 128 characters long.", code: "InvalidRequest")
        }
        let resource = body["resource"]?.stringValue ?? ""
        let (mailbox, folderId, target) = try resolve(resource, claims: claims)
        let expiration = try expirationDate(body)
        for url in [notificationURL, lifecycleURL].compactMap({ $0 }) {
            try await GraphNotificationSender.validate(url)
        }
        let id = UUID().uuidString.lowercased()
        var members = body.members.filter { !$0.key.contains("@") }
        members.insert(.init("id", .string(id)), at: 0)
        members.append(.init("applicationId", .string(claims.appId)))
        let subscription = Subscription(
            id: id, tenantId: claims.tenantId, appId: claims.appId, body: members, expiration: expiration, mailbox: mailbox,
            folderId: folderId, target: target, changeTypes: changeTypes, notificationURL: notificationURL,
            lifecycleURL: lifecycleURL, clientState: body["clientState"]?.stringValue, immutableIds: request.preferences.immutableIds)
        endpoint.state.subscriptions.withLock { $0[id] = subscription }
        return .json(.object(members), status: 201)
    }

    private func checkedURL(_ body: GraphJSON, _ property: String) throws(GraphError) -> URL? {
        guard let text = body[property]?.stringValue else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            scheme == "https" || (scheme == "http" && Self.isLoopback(host))
        else {
            throw GraphError.badRequest("The \(property) must be a valid https URL.", code: "InvalidRequest")
        }
        return url
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The mailbox and folder a resource path names, after the checks a read of it would pass.
    private func resolve(_ resource: String, claims: AppTokenClaims) throws(GraphError) -> (String, String, GraphSubscriptionTarget) {
        let unsupported = GraphError.badRequest(
            "The resource '\(resource)' is not supported: use /users/{id}/events, /users/{id}/contacts or /users/{id}/todo/lists/{id}/tasks.",
            code: "InvalidRequest")
        guard !resource.lowercased().hasPrefix("http") else { throw unsupported }
        let segments = resource.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard segments.count >= 3, segments[0].lowercased() == "users" else { throw unsupported }
        let tenant = endpoint.exchange.tenants.first { $0.id.lowercased() == claims.tenantId.lowercased() }
        guard let tenant, let (mailbox, seed) = endpoint.resolveUser(segments[1], in: tenant) else {
            throw GraphError(404, "ErrorInvalidUser", "The requested user '\(segments[1])' is invalid.")
        }
        let route = try GraphRoute(segments: Array(segments.dropFirst(2)), method: "GET")
        try endpoint.authorize(route: route, method: "GET", claims: claims, mailbox: seed, tenant: tenant)
        let contents = mailbox.snapshot
        let folderId: String
        let target: GraphSubscriptionTarget
        switch route {
        case .events(calendarId: nil):
            folderId = try GraphOperations.folderId(nil, distinguished: "calendar", folderClass: "IPF.Appointment", in: contents)
            target = .events
        case .contacts(folderId: nil):
            folderId = try GraphOperations.folderId(nil, distinguished: "contacts", folderClass: "IPF.Contact", in: contents)
            target = .contacts
        case .todoTasks(let listId):
            folderId = try GraphTodoOperations.listId(listId, in: contents)
            target = .todoTasks(listId: listId)
        default:
            throw unsupported
        }
        return (seed.primarySmtpAddress.lowercased(), folderId, target)
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

/// What a subscription watches, for the `resource` and `@odata.type` of its notifications.
enum GraphSubscriptionTarget: Sendable, Hashable {
    case events
    case contacts
    case todoTasks(listId: String)
}
