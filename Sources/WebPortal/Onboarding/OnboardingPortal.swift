import EnvironmentVerification
import Foundation
import HTTPTypes
import Hummingbird
import Onboarding
import ServiceConfiguration
import SyncAPI
import SyncStore

/// The onboarding pages a customer's IT opens from an invitation link (`/onboarding/{token}`):
/// the guide, filled in for them; the certificate made for them; the form, checked live with
/// `verify`'s checks; the confirmation. The token in the path is the only key: an unknown one
/// costs its sender a token of a small per-address bucket, so guessing is slow and pointless.
public struct OnboardingPortal: APIRouteExtension {
    public let pathPrefix = "/onboarding/"
    let submission: OnboardingSubmission
    let renderer: PageRenderer
    let transport: TransportPolicy
    /// Told once an environment is stored: the service adopts it, enrols the mailbox and tells
    /// the vendor.
    let onboarded: @Sendable (OnboardedEnvironment, _ mailbox: String) async -> Void
    /// Unknown or unusable tokens, per client address.
    let guesses: TokenBucketRateLimiter

    public init(
        submission: OnboardingSubmission, renderer: PageRenderer, transport: TransportPolicy,
        guesses: TokenBucketRateLimiter = TokenBucketRateLimiter(requestsPerSecond: 0.2, burst: 10),
        onboarded: @escaping @Sendable (OnboardedEnvironment, _ mailbox: String) async -> Void
    ) {
        self.submission = submission
        self.renderer = renderer
        self.transport = transport
        self.guesses = guesses
        self.onboarded = onboarded
    }

    public func add(to router: Router<APIRequestContext>) {
        router.get("/onboarding/style.css") { _, _ in renderer.stylesheetResponse() }
        router.get("/onboarding/{token}") { request, context in
            try await withInvitation(request, context) { invitation, token, language in
                try guidePage(invitation, token: token, language: language, values: GuideValues(query: request))
            }
        }
        router.post("/onboarding/{token}") { request, context in
            try await withInvitation(request, context) { invitation, token, language in
                try await submit(request, invitation: invitation, token: token, language: language)
            }
        }
        router.post("/onboarding/{token}/certificate") { request, context in
            try await withInvitation(request, context) { invitation, token, language in
                guard let certificate = try await submission.makeCertificate(token: token) else {
                    return unusablePage(.spent, language: language)
                }
                return certificateDownload(certificate.certificateDER, environment: invitation.environment)
            }
        }
        router.get("/onboarding/{token}/certificate") { request, context in
            try await withInvitation(request, context) { invitation, token, language in
                guard let pending = try submission.pendingCertificate(of: invitation) else {
                    return try guidePage(invitation, token: token, language: language, values: GuideValues(query: request), status: .notFound)
                }
                return certificateDownload(Data(pending.certificate.certificateDER), environment: invitation.environment)
            }
        }
    }

    // MARK: - Steps

    /// Checks the transport and the link, then runs `body` with the usable invitation.
    private func withInvitation(
        _ request: Request, _ context: APIRequestContext,
        _ body: (OnboardingInvitation, String, PageLanguage) async throws -> Response
    ) async throws -> Response {
        let asked = PageLanguage(code: request.uri.queryParameters["lang"].map(String.init))
        guard transport.allows(remoteAddress: context.remoteAddress) else {
            return messagePage("insecure", language: asked ?? .english, status: .forbidden)
        }
        let address = context.remoteAddress ?? "unknown"
        if case .limited(let seconds) = guesses.peek(key: address) {
            return messagePage("tooMany", language: asked ?? .english, status: .tooManyRequests, headers: [.retryAfter: String(seconds)])
        }
        let token = context.parameters.get("token") ?? ""
        let found = InvitationToken.isWellFormed(token)
            ? try await submission.store.invitation(tokenDigest: InvitationToken(value: token).digest) : nil
        guard let invitation = found, invitation.isUsable(at: submission.clock()) else {
            _ = guesses.acquire(key: address)
            let reason: Unusable = found == nil ? .unknown : found?.spentAt != nil ? .spent : .expired
            return unusablePage(reason, language: asked ?? PageLanguage(code: found?.language) ?? .english)
        }
        return try await body(invitation, token, asked ?? PageLanguage(code: invitation.language) ?? .english)
    }

    private func submit(_ request: Request, invitation: OnboardingInvitation, token: String, language: PageLanguage) async throws -> Response {
        let form: FormBody
        do {
            form = try await FormBody.read(request)
        } catch .tooLarge {
            return messagePage("tooLarge", language: language, status: .contentTooLarge)
        } catch {
            return messagePage("notForm", language: language, status: .unsupportedMediaType)
        }
        var values = GuideValues(form: form)
        let credential: OnboardingForm.Credential
        if values.usesCertificate {
            guard let pending = try submission.pendingCertificate(of: invitation) else {
                values.notice = "noCertificate"
                return try guidePage(invitation, token: token, language: language, values: values, status: .unprocessableContent)
            }
            credential = .certificate(pending.bundle)
        } else {
            credential = .secret(form["clientSecret"] ?? "")
        }
        let outcome = try await submission.submit(
            token: token,
            form: OnboardingForm(
                tenantID: values.tenant, applicationID: values.application, credential: credential, mailbox: values.mailbox,
                secretExpiresOn: values.secretExpiresOn))
        switch outcome {
        case .invitationUnusable:
            return unusablePage(.spent, language: language)
        case .invalid(let errors):
            values.fieldErrors = Dictionary(errors.map { ($0.field, language == .french ? $0.message.french : $0.message.english) }) { first, _ in first }
            values.notice = "fixFields"
            return try guidePage(invitation, token: token, language: language, values: values, status: .unprocessableContent)
        case .checked(let reports, nil):
            values.reports = reports
            values.notice = "notConnected"
            return try guidePage(invitation, token: token, language: language, values: values, status: .unprocessableContent)
        case .checked(_, let environment?):
            await onboarded(environment, values.mailbox.lowercased())
            return renderer.page("onboarding-done", pageValues(language, title: "doneTitle", [
                "environment": environment.name,
                "api": environment.api == "ews" ? "Exchange Web Services" : "Microsoft Graph", "mailbox": values.mailbox.lowercased(),
                "expires": environment.credentialExpiresAt.map { Self.day($0) } ?? false,
            ]))
        }
    }

    // MARK: - Pages

    private func guidePage(
        _ invitation: OnboardingInvitation, token: String, language: PageLanguage, values: GuideValues, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let manifest = RequiredResourceAccess(ews: true, graph: true)
        var page = pageValues(language, title: "title", [
            "otherLang": language.other.rawValue,
            "path": "/onboarding/\(token)", "environment": invitation.environment, "expiresAt": Self.day(invitation.expiresAt),
            "manifest": try manifest.json(), "roles": manifest.roleNames,
            "tenant": values.tenant, "application": values.application, "mailbox": values.mailbox, "secretExpiresOn": values.secretExpiresOn,
            "usesCertificate": values.usesCertificate, "usesSecret": !values.usesCertificate,
            "errors": values.fieldErrors, "hasErrors": !values.fieldErrors.isEmpty,
            "notice": values.notice.map { OnboardingText.strings(language)[$0] ?? $0 } ?? false,
            "reports": values.reports.map { Self.report($0, language: language) },
        ])
        if IdentifierFormat.isGUID(values.application), IdentifierFormat.isGUID(values.tenant) || IdentifierFormat.isDomainName(values.tenant) {
            page["consentURL"] = adminConsentURL(tenant: values.tenant, application: values.application)
        }
        if let pending = try? submission.pendingCertificate(of: invitation) {
            page["certificate"] = ["thumbprint": pending.certificate.thumbprintSHA1Hex, "validUntil": Self.day(pending.certificate.notValidAfter)]
        }
        return renderer.page("onboarding-guide", page, status: status)
    }

    enum Unusable: String { case unknown, spent, expired }

    private func unusablePage(_ reason: Unusable, language: PageLanguage) -> Response {
        let text = OnboardingText.strings(language)
        let key = "unusable" + reason.rawValue.prefix(1).uppercased() + reason.rawValue.dropFirst()
        return renderer.page(
            "onboarding-message", pageValues(language, title: "unusableTitle", ["heading": text["unusableTitle"] ?? "", "body": text[key] ?? ""]),
            status: reason == .unknown ? .notFound : .gone)
    }

    private func messagePage(_ name: String, language: PageLanguage, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        let text = OnboardingText.strings(language)
        return renderer.page(
            "onboarding-message",
            pageValues(language, title: name + "Title", ["heading": text[name + "Title"] ?? "", "body": text[name + "Body"] ?? ""]),
            status: status, extraHeaders: headers)
    }

    /// What every onboarding page needs: its words, language, title and stylesheet.
    private func pageValues(_ language: PageLanguage, title: String, _ page: [String: Any]) -> [String: Any] {
        let text = OnboardingText.strings(language)
        let base: [String: Any] = [
            "t": text, "lang": language.rawValue, "title": text[title] ?? "Prextra Sync", "stylesheet": "/onboarding/style.css",
        ]
        return base.merging(page) { _, new in new }
    }

    private func certificateDownload(_ der: Data, environment: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/pkix-cert"
        headers[.contentDisposition] = "attachment; filename=\"prextra-sync-\(environment).cer\""
        for (name, value) in PageRenderer.securityHeaders { headers[name] = value }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: der)))
    }

    /// The tenant-wide admin consent page for the app (Entra ID's `adminconsent` endpoint).
    func adminConsentURL(tenant: String, application: String) -> String {
        var components = URLComponents(url: submission.endpoints.authority.appendingPathComponent(tenant).appendingPathComponent("adminconsent"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "client_id", value: application)]
        return components?.url?.absoluteString ?? ""
    }

    static func report(_ report: VerifyReport, language: PageLanguage) -> [String: Any] {
        let text = OnboardingText.strings(language)
        return [
            "api": report.api.lowercased() == "ews" ? text["resultEWS"] ?? "EWS" : text["resultGraph"] ?? "Graph",
            "succeeded": report.succeeded,
            "checks": report.checks.map { check in
                ["name": check.name, "status": check.status.rawValue, "statusText": text[check.status.rawValue] ?? check.status.rawValue, "detail": check.detail]
            },
            "diagnostics": report.diagnostics.map { diagnostic in
                ["code": diagnostic.upstreamCode ?? diagnostic.code, "what": diagnostic.what, "cause": diagnostic.cause, "fix": diagnostic.fix]
            },
        ]
    }

    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
