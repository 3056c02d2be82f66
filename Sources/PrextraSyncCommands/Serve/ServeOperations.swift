import EnvironmentVerification
import AsyncHTTPClient
import Foundation
import MicrosoftIdentity
import ServiceConfiguration
import SyncAPI
import SyncEngine
import SyncService

/// What `serve` gives the API: sync requests go to the running sync service, `verify` runs the
/// same checks as the `verify` command.
struct ServeOperations: SyncOperations {
    let loaded: LoadedConfiguration
    /// The running sync service; nil when this process runs none.
    let trigger: (any SyncTrigger)?
    /// Environments the service could not start, with why.
    var unavailable: [String: String] = [:]

    func unavailableEnvironments() async -> [String: String] { unavailable }

    /// The running environments' facts, those adopted since the start included.
    var facts: @Sendable () async -> [EnvironmentFacts] = { [] }
    /// Environments adopted since the start (onboarded while `serve` runs).
    var adopted: @Sendable (String) -> EnvironmentConfiguration? = { _ in nil }

    func environmentFacts() async -> [EnvironmentFacts] { await facts() }

    func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
        guard let trigger else {
            throw SyncOperationsError.environmentUnavailable(
                environment: environment, reason: "this process runs no synchronization service.")
        }
        return try await trigger.requestSync(environment: environment, mailbox: mailbox)
    }

    func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
        guard let configuration = loaded.environment(named: environment) ?? adopted(environment) else {
            return VerificationSummary(
                environment: environment, succeeded: false,
                checks: [.init(name: "configuration", status: "failed", detail: "the environment's configuration has errors; run config check")],
                diagnostics: [])
        }
        let verifier = EnvironmentVerifier(httpClient: OutboundHTTPClient.shared, language: .english, mailboxChecks: EnvironmentVerifier.mailboxChecks(httpClient: OutboundHTTPClient.shared, language: .english))
        let report = await verifier.verify(
            configuration, mailbox: mailbox?.rawValue, configurationProblems: loaded.report(named: environment)?.problems ?? [])
        return VerificationSummary(
            environment: configuration.name, succeeded: report.succeeded,
            checks: report.checks.map { .init(name: $0.name, status: $0.status.rawValue, detail: $0.detail) },
            diagnostics: report.diagnostics.map {
                .init(code: $0.code, severity: $0.severity, upstreamCode: $0.upstreamCode, what: $0.what, cause: $0.cause, fix: $0.fix)
            })
    }

    func isReady() async -> Bool { await trigger?.isReady() ?? true }

    func recordsChanged(environment: String, mailboxes: Set<MailboxAddress>) async {
        await trigger?.recordsChanged(environment: environment, mailboxes: mailboxes)
    }

    func receiveGraphNotification(_ delivery: GraphNotificationDelivery) async -> GraphNotificationReceipt {
        await trigger?.receiveGraphNotification(delivery) ?? .notConfigured
    }
}
