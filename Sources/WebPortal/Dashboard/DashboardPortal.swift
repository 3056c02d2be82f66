import Foundation
import HTTPTypes
import Hummingbird
import Onboarding
import ServiceConfiguration
import SyncAPI
import SyncEngine
import SyncStore

/// The operator dashboard at `/dashboard`: signed in with an operator API key, a session cookie
/// (HttpOnly, SameSite=Strict, Secure under TLS) kept in the store, a CSRF token on every form.
/// It reads through the same store, the same ``EnvironmentOverview`` and the same
/// ``SyncOperations`` as the API; a key limited to some environments sees those only.
public struct DashboardPortal: APIRouteExtension {
    public let pathPrefix = "/dashboard"
    let store: any SyncStore
    let served: ServedEnvironments
    let operations: (any SyncOperations)?
    let authenticator: APIKeyAuthenticator
    let renderer: PageRenderer
    let transport: TransportPolicy
    /// Nil when onboarding is off (no secrets key or public URL).
    let issuer: InvitationIssuer?
    /// Failed sign-ins, per client address.
    let signIns: TokenBucketRateLimiter
    let clock: @Sendable () -> Date
    let cookies: CookieJar

    /// A session ends after 30 minutes without a page asked for, and eight hours after sign-in
    /// whatever is done meanwhile.
    public static let idleTimeout: TimeInterval = 30 * 60
    public static let sessionLifetime: TimeInterval = 8 * 3_600
    /// A session's expiry is moved at most once a minute, not written at every page.
    static let idleRefresh: TimeInterval = 60
    static let mailboxesPerPage = 50
    static let entriesPerPage = 25

    public init(
        store: any SyncStore, served: ServedEnvironments, operations: (any SyncOperations)?, apiKeys: [APIKeyConfiguration],
        renderer: PageRenderer, transport: TransportPolicy, issuer: InvitationIssuer?,
        signIns: TokenBucketRateLimiter = TokenBucketRateLimiter(requestsPerSecond: 0.1, burst: 5),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.served = served
        self.operations = operations
        authenticator = APIKeyAuthenticator(keys: apiKeys)
        self.renderer = renderer
        self.transport = transport
        self.issuer = issuer
        self.signIns = signIns
        self.clock = clock
        cookies = CookieJar(secure: transport.servesTLS)
    }

    /// Who is signed in: the key's client (its scope), the session, the page language.
    struct Operator {
        var client: AuthenticatedClient
        var token: SessionToken
        var language: PageLanguage
    }

    public func add(to router: Router<APIRequestContext>) {
        router.get("/dashboard/style.css") { _, _ in renderer.stylesheetResponse() }
        router.get("/dashboard/sign-in") { request, context in
            try await secured(request, context) { language in signInPage(language: language, message: nil) }
        }
        router.post("/dashboard/sign-in") { request, context in
            try await secured(request, context) { language in try await signIn(request, context, language: language) }
        }
        router.get("/dashboard/language") { request, _ in
            let language = PageLanguage(code: request.uri.queryParameters["lang"].map(String.init)) ?? .english
            let back = request.uri.queryParameters["back"].map(String.init) ?? "/dashboard"
            // Back to a dashboard page only: never an address elsewhere.
            let target = back.hasPrefix("/dashboard") && !back.hasPrefix("//") ? back : "/dashboard"
            return redirect(target, cookie: cookies.set(CookieJar.language, language.rawValue, maxAge: 365 * 86_400))
        }
        router.post("/dashboard/sign-out") { request, context in
            try await signedIn(request, context) { user in
                try await withForm(request, user) { _ in
                    try await store.endOperatorSession(tokenDigest: user.token.digest)
                    return redirect("/dashboard/sign-in", cookie: cookies.set(CookieJar.session, "", maxAge: 0))
                }
            }
        }
        router.get("/dashboard") { request, context in
            try await signedIn(request, context) { user in try await overviewPage(user) }
        }
        router.get("/dashboard/environments/{environment}") { request, context in
            try await signedIn(request, context) { user in
                try await withEnvironment(context, user) { environment in
                    try await environmentPage(environment, user: user, request: request)
                }
            }
        }
        router.post("/dashboard/environments/{environment}/mailboxes/{address}/sync") { request, context in
            try await signedIn(request, context) { user in
                try await withEnvironment(context, user) { environment in
                    try await withForm(request, user) { _ in
                        let address = context.parameters.get("address")?.removingPercentEncoding ?? ""
                        guard let operations, try await store.mailbox(environment: environment, address: MailboxAddress(address)) != nil else {
                            return messagePage("notFound", user: user, status: .notFound)
                        }
                        _ = try await operations.requestSync(environment: environment, mailbox: MailboxAddress(address))
                        return redirect(Self.environmentPath(environment) + "?done=syncRequested")
                    }
                }
            }
        }
        router.post("/dashboard/environments/{environment}/verify") { request, context in
            try await signedIn(request, context) { user in
                try await withEnvironment(context, user) { environment in
                    try await withForm(request, user) { _ in
                        guard let operations else { return messagePage("notFound", user: user, status: .notFound) }
                        let summary = await operations.verify(environment: environment, mailbox: nil)
                        return try await environmentPage(environment, user: user, request: request, verification: summary)
                    }
                }
            }
        }
        for (verb, done) in [("retry", "retried"), ("dismiss", "dismissed")] {
            router.post("/dashboard/environments/{environment}/failures/{id}/\(verb)") { request, context in
                try await signedIn(request, context) { user in
                    try await withEnvironment(context, user) { environment in
                        try await withForm(request, user) { _ in
                            guard let id = context.parameters.get("id").flatMap(Int64.init) else {
                                return messagePage("notFound", user: user, status: .notFound)
                            }
                            let found = verb == "retry"
                                ? try await store.retryFailedItem(environment: environment, id: id) != nil
                                : try await store.dismissFailedItem(environment: environment, id: id)
                            guard found else { return messagePage("notFound", user: user, status: .notFound) }
                            return redirect(Self.environmentPath(environment) + "?done=\(done)")
                        }
                    }
                }
            }
        }
        router.get("/dashboard/environments/{environment}/conflicts") { request, context in
            try await signedIn(request, context) { user in
                try await withEnvironment(context, user) { environment in try await conflictsPage(environment, user: user, request: request) }
            }
        }
        router.get("/dashboard/environments/{environment}/trace") { request, context in
            try await signedIn(request, context) { user in
                try await withEnvironment(context, user) { environment in try await tracePage(environment, user: user, request: request) }
            }
        }
        router.get("/dashboard/invitations") { request, context in
            try await signedIn(request, context) { user in try await invitationsPage(user, made: nil, errors: [:]) }
        }
        router.post("/dashboard/invitations") { request, context in
            try await signedIn(request, context) { user in
                try await withForm(request, user) { form in try await invite(form, user: user) }
            }
        }
    }

    static func environmentPath(_ environment: String) -> String {
        "/dashboard/environments/" + (environment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? environment)
    }

    // MARK: - Access

    /// Refuses plain HTTP from another machine (the page takes an API key), then runs `body`.
    private func secured(_ request: Request, _ context: APIRequestContext, _ body: (PageLanguage) async throws -> Response) async throws -> Response {
        let language = Self.language(of: request)
        guard transport.allows(remoteAddress: context.remoteAddress) else {
            let text = DashboardText.strings(language)
            return renderer.page(
                "dashboard-message",
                base(language, title: text["insecureTitle"] ?? "", user: nil).merging(["heading": text["insecureTitle"] ?? "", "body": text["insecureBody"] ?? ""]) { _, new in new },
                status: .forbidden)
        }
        return try await body(language)
    }

    /// Runs `body` for the signed-in operator, or sends the browser to the sign-in page.
    private func signedIn(_ request: Request, _ context: APIRequestContext, _ body: (Operator) async throws -> Response) async throws -> Response {
        try await secured(request, context) { language in
            guard let value = CookieJar.value(CookieJar.session, in: request), SessionToken.isWellFormed(value) else {
                return redirect("/dashboard/sign-in")
            }
            let token = SessionToken(value: value)
            let now = clock()
            guard let session = try await store.operatorSession(tokenDigest: token.digest, at: now),
                let client = authenticator.client(named: session.keyName)
            else {
                return redirect("/dashboard/sign-in", cookie: cookies.set(CookieJar.session, "", maxAge: 0))
            }
            let idleExpiry = min(now.addingTimeInterval(Self.idleTimeout), session.createdAt.addingTimeInterval(Self.sessionLifetime))
            if idleExpiry.timeIntervalSince(session.expiresAt) >= Self.idleRefresh {
                try await store.extendOperatorSession(tokenDigest: token.digest, until: idleExpiry, now: now)
            }
            return try await body(Operator(client: client, token: token, language: language))
        }
    }

    /// Resolves `{environment}` as the API does: refused (403) before saying whether it exists.
    private func withEnvironment(_ context: APIRequestContext, _ user: Operator, _ body: (String) async throws -> Response) async throws -> Response {
        let raw = context.parameters.get("environment")?.removingPercentEncoding ?? ""
        guard user.client.allows(environment: raw) else { return messagePage("forbidden", user: user, status: .forbidden) }
        guard let environment = served.lookup(raw) else { return messagePage("notFound", user: user, status: .notFound) }
        return try await body(environment)
    }

    /// Reads a posted form and checks its CSRF token before `body` acts on it.
    private func withForm(_ request: Request, _ user: Operator, _ body: (FormBody) async throws -> Response) async throws -> Response {
        let form: FormBody
        do {
            form = try await FormBody.read(request)
        } catch {
            return messagePage("csrfRefused", user: user, status: .forbidden)
        }
        guard user.token.acceptsCSRF(form["csrf"]) else { return messagePage("csrfRefused", user: user, status: .forbidden) }
        return try await body(form)
    }

    private func signIn(_ request: Request, _ context: APIRequestContext, language: PageLanguage) async throws -> Response {
        let address = context.remoteAddress ?? "unknown"
        if case .limited(let seconds) = signIns.peek(key: address) {
            var response = signInPage(language: language, message: "tooMany", status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        guard let form = try? await FormBody.read(request) else { return signInPage(language: language, message: "signInExpired", status: .forbidden) }
        // The sign-in form's own CSRF token: a cookie and a field that must match (a page of
        // another site can set neither).
        guard let expected = CookieJar.value(CookieJar.signIn, in: request), SessionToken.isWellFormed(expected),
            SessionToken(value: expected).acceptsCSRF(form["csrf"])
        else {
            return signInPage(language: language, message: "signInExpired", status: .forbidden)
        }
        guard let key = form["key"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty else {
            return signInPage(language: language, message: "requiredKey", status: .unprocessableContent)
        }
        guard let client = authenticator.authenticate(key: key) else {
            _ = signIns.acquire(key: address)
            return signInPage(language: language, message: "signInFailed", status: .unauthorized)
        }
        // Always a new token: a session id planted before sign-in is never the one signed in.
        let token = SessionToken.generate()
        let now = clock()
        try await store.startOperatorSession(
            OperatorSession(tokenDigest: token.digest, keyName: client.name, createdAt: now, expiresAt: now.addingTimeInterval(Self.idleTimeout)),
            now: now)
        var response = redirect("/dashboard", cookie: cookies.set(CookieJar.session, token.value, maxAge: Int(Self.sessionLifetime)))
        response.headers.append(HTTPField(name: .setCookie, value: cookies.set(CookieJar.signIn, "", maxAge: 0)))
        return response
    }

    // MARK: - Responses

    func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    private func signInPage(language: PageLanguage, message: String?, status: HTTPResponse.Status = .ok) -> Response {
        let text = DashboardText.strings(language)
        // A fresh sign-in token for the form, as a cookie and a hidden field.
        let formToken = SessionToken.generate()
        var values = base(language, title: text["signInTitle"] ?? "", user: nil)
        values["signInCSRF"] = formToken.csrf
        values["message"] = message.map { text[$0] ?? $0 } ?? false
        var headers = HTTPFields()
        headers.append(HTTPField(name: .setCookie, value: cookies.set(CookieJar.signIn, formToken.value, maxAge: 1_800)))
        return renderer.page("dashboard-sign-in", values, status: status, extraHeaders: headers)
    }

    func messagePage(_ key: String, user: Operator, status: HTTPResponse.Status) -> Response {
        let text = DashboardText.strings(user.language)
        var values = base(user.language, title: text[key] ?? "", user: user)
        values["heading"] = text[key] ?? ""
        values["body"] = ""
        return renderer.page("dashboard-message", values, status: status)
    }

    /// What every dashboard page needs: its words, language, title, stylesheet and, signed in,
    /// the key's name and the session's CSRF token.
    func base(_ language: PageLanguage, title: String, user: Operator?) -> [String: Any] {
        var values: [String: Any] = [
            "t": DashboardText.strings(language), "lang": language.rawValue, "otherLang": language.other.rawValue,
            "title": title + " — Prextra Sync", "stylesheet": "/dashboard/style.css",
        ]
        if let user {
            values["user"] = ["keyName": user.client.name, "csrf": user.token.csrf]
            values["canInvite"] = user.client.isUnscoped
        }
        return values
    }

    /// The language cookie, else the browser's first choice between French and English.
    static func language(of request: Request) -> PageLanguage {
        if let chosen = PageLanguage(code: CookieJar.value(CookieJar.language, in: request)) { return chosen }
        let accepted = request.headers[.acceptLanguage]?.lowercased() ?? ""
        return accepted.hasPrefix("fr") ? .french : .english
    }
}
