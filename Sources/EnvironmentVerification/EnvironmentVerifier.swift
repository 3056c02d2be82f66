import AsyncHTTPClient
import Foundation
import Logging
import MicrosoftIdentity
import ServiceConfiguration

/// The checks behind `prextra-sync verify` for one environment: credential expiry, a real token
/// request, the token's roles, then the mailbox checks plugged in through ``VerifyMailboxCheck``;
/// last, whatever the token gave, Graph's notification URL (``VerifyNotificationURLCheck``).
public struct EnvironmentVerifier: Sendable {
    public var httpClient: HTTPClient
    public var clock: IdentityClock = .system
    public var language: DiagnosticLanguage
    public var mailboxChecks: [any VerifyMailboxCheck] = []
    /// Whether Graph's handshake is tried against `Notifications:Url`. Off where the service's
    /// own route is not listening yet (`serve`'s start-up checks).
    public var checksNotificationURL = true
    public var logger = Logger(label: "prextra-sync.verify", factory: { _ in SwiftLogNoOpLogHandler() })

    public init(
        httpClient: HTTPClient, clock: IdentityClock = .system, language: DiagnosticLanguage, mailboxChecks: [any VerifyMailboxCheck] = [],
        checksNotificationURL: Bool = true
    ) {
        self.httpClient = httpClient
        self.clock = clock
        self.language = language
        self.mailboxChecks = mailboxChecks
        self.checksNotificationURL = checksNotificationURL
    }

    /// The mailbox checks of both APIs (each skips the other API's environments).
    public static func mailboxChecks(httpClient: HTTPClient, language: DiagnosticLanguage) -> [any VerifyMailboxCheck] {
        [VerifyEWSMailboxCheck(httpClient: httpClient, language: language), VerifyGraphMailboxCheck(httpClient: httpClient, language: language)]
    }

    /// `configurationProblems`: the environment's problems in the configuration (its warnings),
    /// which say why a `Notifications` section was refused.
    public func verify(
        _ environment: EnvironmentConfiguration, mailbox: String?, configurationProblems: [ConfigurationProblem] = []
    ) async -> VerifyReport {
        var report = VerifyReport(
            environment: environment.name, tenantId: environment.tenantID, applicationId: environment.applicationID,
            api: environment.api.configurationName, resource: environment.tokenResource.applicationIdURI,
            authority: environment.authority.absoluteString, credential: environment.credential.maskedDescription,
            language: language.rawValue)
        await verifyRegistration(environment, mailbox: mailbox, into: &report)
        let notifications = VerifyNotificationURLCheck(httpClient: httpClient, language: language)
        if checksNotificationURL, let check = await notifications.run(environment: environment, configurationProblems: configurationProblems) {
            report.checks.append(check)
        }
        return report
    }

    /// The credential, the token, its roles and the mailbox checks; stops at the first that
    /// makes the next ones meaningless.
    private func verifyRegistration(_ environment: EnvironmentConfiguration, mailbox: String?, into report: inout VerifyReport) async {
        let resource = environment.tokenResource
        let fr = language == .french
        func add(_ diagnostic: IdentityDiagnostic) {
            report.rawDiagnostics.append(diagnostic)
            report.diagnostics.append(.init(diagnostic, language: language))
        }

        let registration: AppRegistration
        do {
            registration = try environment.appRegistration()
        } catch {
            report.checks.append(.init(name: "credential", status: .failed, detail: fr ? "le certificat ou sa clé privée est inutilisable (\(error))" : "the certificate or its private key cannot be used (\(error))"))
            return
        }
        report.credentialExpiresOn = registration.credentialExpiresOn
        let expiry = IdentityDiagnosis.diagnoseExpiry(of: registration, now: clock.now())

        let provider = ClientCredentialsTokenProvider(
            registration: registration, resource: resource,
            endpoint: TokenEndpointClient(httpClient: httpClient, timeout: .seconds(20), logger: logger),
            retry: TokenRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(500), maxDelay: .seconds(4), maxRetryAfter: .seconds(10)),
            clock: clock, logger: logger)
        let token: AccessToken
        do {
            token = try await provider.accessToken()
        } catch let error as TokenRequestError {
            let diagnostic = IdentityDiagnosis.diagnose(error, registration: registration)
            report.checks.append(.init(name: "token", status: .failed, detail: "\(error.oauthError.map { "\($0)" } ?? "\(error.kind)")\(error.upstreamCode.map { " (\($0))" } ?? "")"))
            // An expired secret is reported once, by the token endpoint's answer.
            if let expiry, !(expiry.code == .clientSecretExpired && diagnostic.code == .clientSecretExpired) { add(expiry) }
            add(diagnostic)
            return
        } catch {
            report.checks.append(.init(name: "token", status: .failed, detail: "\(error)"))
            return
        }
        if let expiry { add(expiry) }

        let claims = AccessTokenClaims(decoding: token.value)
        report.token = .init(
            audience: claims?.audience, tenantId: claims?.tenantId, appId: claims?.appId, roles: claims?.roles,
            expiresOn: token.expiresOn, inspectable: claims != nil)
        report.checks.append(.init(name: "token", status: .passed, detail: (fr ? "délivré pour " : "issued for ") + resource.applicationIdURI))

        let roleDiagnostics = IdentityDiagnosis.diagnoseRoles(
            of: token, for: resource, tenantId: environment.tenantID, clientId: environment.applicationID)
        if roleDiagnostics.contains(where: { $0.severity == .error }) {
            report.checks.append(.init(name: "roles", status: .failed, detail: (fr ? "manquant : " : "missing ") + resource.requiredRoles.sorted().joined(separator: ", ")))
        } else if roleDiagnostics.isEmpty {
            report.checks.append(.init(name: "roles", status: .passed, detail: resource.requiredRoles.sorted().joined(separator: ", ")))
        } else {
            report.checks.append(.init(name: "roles", status: .warning, detail: fr ? "non vérifiés localement" : "not checked locally"))
        }
        roleDiagnostics.forEach(add)

        if mailboxChecks.isEmpty {
            report.checks.append(.init(
                name: "mailbox", status: .skipped,
                detail: fr
                    ? (mailbox.map { "l'accès à \($0) n'est pas vérifié par cette version" } ?? "les vérifications EWS (point de terminaison, emprunt d'identité) ne sont pas disponibles dans cette version")
                    : (mailbox.map { "access to \($0) is not checked by this version" } ?? "EWS endpoint and impersonation checks are not available in this version")))
        } else {
            for check in mailboxChecks {
                report.checks.append(await check.run(environment: environment, tokens: provider, mailbox: mailbox))
            }
        }
    }
}
