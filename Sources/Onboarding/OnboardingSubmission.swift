import AsyncHTTPClient
import EnvironmentVerification
import Foundation
import MicrosoftIdentity
import ServiceConfiguration
import SyncStore

/// The onboarding page's submit: checks the form, runs `verify`'s checks live against the
/// customer's tenant (a token, its roles, the mailbox they named; through Microsoft Graph, and
/// through EWS when Graph fails), and on success stores the environment with its credential
/// sealed and spends the invitation, in one transaction.
public struct OnboardingSubmission: Sendable {
    public enum Outcome: Sendable {
        /// The link is unknown, spent or expired: nothing is tried.
        case invitationUnusable
        /// Fields to correct; nothing was tried or stored.
        case invalid([OnboardingForm.FieldError])
        /// The checks ran; `onboarded` says whether the environment was stored. The reports say
        /// what each API gave, with cause and fix in the invitation's language.
        case checked(reports: [VerifyReport], onboarded: OnboardedEnvironment?)
    }

    public let store: any OnboardingStore
    public let sealer: CredentialSealer
    public let httpClient: HTTPClient
    public var endpoints = MicrosoftEndpoints.global
    public var clock: @Sendable () -> Date = { Date() }

    public init(store: any OnboardingStore, sealer: CredentialSealer, httpClient: HTTPClient) {
        self.store = store
        self.sealer = sealer
        self.httpClient = httpClient
    }

    /// The invitation a link opens, when it can still be used.
    public func invitation(token: String) async throws -> OnboardingInvitation? {
        guard InvitationToken.isWellFormed(token),
            let invitation = try await store.invitation(tokenDigest: InvitationToken(value: token).digest),
            invitation.isUsable(at: clock())
        else { return nil }
        return invitation
    }

    public func submit(token: String, form: OnboardingForm) async throws -> Outcome {
        guard let invitation = try await invitation(token: token) else { return .invitationUnusable }
        let errors = form.fieldErrors()
        guard errors.isEmpty else { return .invalid(errors) }
        let language: DiagnosticLanguage = invitation.language == "fr" ? .french : .english
        let verifier = EnvironmentVerifier(
            httpClient: httpClient, language: language,
            mailboxChecks: EnvironmentVerifier.mailboxChecks(httpClient: httpClient, language: language), checksNotificationURL: false)

        // The credential as it will be sealed; the service reads it back the same way.
        let (kind, plain): (OnboardedEnvironment.CredentialKind, String) =
            switch form.credential {
            case .secret(let secret): (.secret, secret.trimmingCharacters(in: .whitespacesAndNewlines))
            case .certificate(let bundle): (.certificate, bundle.text)
            }
        let credential = try OnboardedEnvironmentLoader.credential(kind, plain)
        var reports: [VerifyReport] = []
        for api in [ExchangeAPI.graph, .ews] {
            let environment = EnvironmentConfiguration(
                name: invitation.environment, tenantID: form.tenantID, applicationID: form.applicationID,
                credential: credential, clientSecretExpiresOn: kind == .secret ? form.secretExpiry : nil, api: api, ewsURL: endpoints.ewsURL, authority: endpoints.authority,
                graphURL: endpoints.graphURL, mailboxes: [form.mailbox])
            let report = await verifier.verify(environment, mailbox: form.mailbox)
            reports.append(report)
            guard report.succeeded else { continue }
            let onboarded = OnboardedEnvironment(
                name: invitation.environment, tenantID: form.tenantID, applicationID: form.applicationID, api: api.configurationName.lowercased(),
                credentialKind: kind, sealedCredential: try sealer.seal(plain, environment: invitation.environment),
                credentialExpiresAt: report.credentialExpiresOn, onboardedAt: clock())
            let stored = try await store.completeOnboarding(onboarded, invitationDigest: invitation.tokenDigest, at: clock())
            return stored ? .checked(reports: reports, onboarded: onboarded) : .invitationUnusable
        }
        return .checked(reports: reports, onboarded: nil)
    }
}
