import EnvironmentVerification
import AsyncHTTPClient
import MicrosoftIdentity
import SyncAPI
import SyncEngine

/// What the HTTP API may ask of the demo's service: a sync now (run in the background), and
/// `verify` against the simulated tenant, with the same checks as the `verify` command.
struct DemoSyncOperations: SyncOperations {
    let sides: [DemoSide]

    private func side(_ environment: String) throws -> DemoSide {
        guard let side = sides.first(where: { $0.world.environmentName == environment.lowercased() }) else {
            let names = sides.map(\.world.environmentName).joined(separator: ", ")
            throw SyncOperationsError.environmentUnavailable(environment: environment, reason: "the demo runs \(names) only.")
        }
        return side
    }

    func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt {
        let side = try side(environment)
        let world = side.world
        let all = world.company.employees.map(\.address)
        if let mailbox, !all.contains(mailbox) {
            throw SyncOperationsError.mailboxNotEnrolled(environment: environment, mailbox: mailbox)
        }
        let selected = mailbox.map { [$0] } ?? all
        let driver = side.driver
        Task {
            for address in selected { _ = try? await driver.syncNow(address) { _ in } }
        }
        return SyncRequestReceipt(environment: world.environmentName, mailboxes: selected.map(\.rawValue))
    }

    func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary {
        guard let world = try? side(environment).world else {
            return VerificationSummary(environment: environment, succeeded: false, checks: [], diagnostics: [])
        }
        let verifier = EnvironmentVerifier(httpClient: OutboundHTTPClient.shared, language: .english, mailboxChecks: EnvironmentVerifier.mailboxChecks(httpClient: OutboundHTTPClient.shared, language: .english))
        let report = await verifier.verify(world.environment, mailbox: mailbox?.rawValue)
        return VerificationSummary(
            environment: world.environmentName, succeeded: report.succeeded,
            checks: report.checks.map { .init(name: $0.name, status: $0.status.rawValue, detail: $0.detail) },
            diagnostics: report.diagnostics.map {
                .init(code: $0.code, severity: $0.severity, upstreamCode: $0.upstreamCode, what: $0.what, cause: $0.cause, fix: $0.fix)
            })
    }

    func isReady() async -> Bool { true }

    func recordsChanged(environment: String, mailboxes: Set<MailboxAddress>) async {
        (try? side(environment))?.driver.cycleSoon(mailboxes)
    }
}
