import Foundation
import Logging
import ServiceLifecycle
import Onboarding
import ServiceConfiguration
import SyncAPI
import SyncEngine
import SyncService
import SyncStore
import Synchronization

/// What `serve` does with the environments customers enrol through onboarding: at start, runs
/// them as if the configuration file listed them (the file wins a name clash, and says so);
/// when one completes while the service runs, adopts it at once: registered, its first mailbox
/// enrolled, scheduled, served by the API, and announced in the log and to the vendor's webhook
/// (`environment.onboarded`). Every worker also looks at the store every 30 s, so that an
/// environment onboarded through another worker, or renewed there, runs here too.
final class OnboardedEnvironmentAdoption: Sendable {
    /// The configuration file's (its environments win a name clash).
    let file: LoadedConfiguration
    let loader: OnboardedEnvironmentLoader
    let store: any SyncStore
    let worker: String
    let logger: Logger
    /// When each onboarded environment this worker runs was onboarded (a renewal is newer).
    private let adopted = Mutex<[String: Date]>([:])
    /// The configurations of the environments adopted while `serve` runs, by lower-cased name
    /// (for `verify` through the API and the dashboard).
    private let configurations = Mutex<[String: EnvironmentConfiguration]>([:])

    /// The configuration of an environment adopted since the start.
    func configuration(named name: String) -> EnvironmentConfiguration? {
        configurations.withLock { $0[name.lowercased()] }
    }

    init(file: LoadedConfiguration, sealer: CredentialSealer, store: any SyncStore, worker: String, logger: Logger) {
        self.file = file
        var loader = OnboardedEnvironmentLoader(sealer: sealer)
        loader.endpoints = file.service.onboardingEndpoints
        self.loader = loader
        self.store = store
        self.worker = worker
        self.logger = logger
    }

    /// The file's configuration with the onboarded environments added, and the lines an
    /// operator must read (a clash, a credential that does not open).
    func configurationAtStart() async throws -> (LoadedConfiguration, notices: [String]) {
        let onboarded = try await store.onboardedEnvironments()
        adopted.withLock { seen in for entry in onboarded { seen[entry.name.lowercased()] = entry.onboardedAt } }
        let (environments, notices) = loader.environments(onboarded, configured: file.environments.map(\.name))
        return (file.adding(environments), notices)
    }

    /// Adopts what another worker onboarded or renewed since the last look.
    func adoptNewlyOnboarded(service: SyncService, served: ServedEnvironments) async throws {
        for entry in try await store.onboardedEnvironments() {
            let known = adopted.withLock { $0[entry.name.lowercased()] }
            guard known.map({ $0 < entry.onboardedAt }) ?? true else { continue }
            await adopt(entry, mailbox: nil, service: service, served: served)
        }
    }

    /// Adopts an environment a customer just enrolled into the running service and API; with
    /// `mailbox` (the one the form named) on the worker that took the form.
    func adopt(_ onboarded: OnboardedEnvironment, mailbox: String?, service: SyncService, served: ServedEnvironments) async {
        adopted.withLock { $0[onboarded.name.lowercased()] = onboarded.onboardedAt }
        let (configurations, notices) = loader.environments([onboarded], configured: file.environments.map(\.name))
        for notice in notices { logger.warning("\(notice)") }
        guard let configuration = configurations.first else { return }
        self.configurations.withLock { $0[configuration.name.lowercased()] = configuration }
        let (environments, unavailable, _) = await SyncEnvironment.environments(from: file.only([configuration]), store: store, worker: worker)
        guard let environment = environments.first else {
            logger.error(
                "an environment was onboarded but cannot be synchronized",
                metadata: ["environment": "\(onboarded.name)", "reason": "\(unavailable[onboarded.name] ?? "unknown")"])
            return
        }
        await service.adopt(environment)
        served.add(environment.name, secrets: [configuration.credential.secretValue])
        guard let mailbox else {
            logger.notice("an environment onboarded through another worker runs here too", metadata: ["environment": "\(onboarded.name)"])
            return
        }
        do {
            let address = MailboxAddress(mailbox)
            if try await store.mailbox(environment: environment.name, address: address) == nil {
                try await store.enrolMailbox(environment: environment.name, address: address)
            }
        } catch {
            logger.error("could not enrol the onboarded environment's mailbox", metadata: ["environment": "\(onboarded.name)", "error": "\(error)"])
        }
        if file.service.webhook != nil {
            do {
                try await store.queueServiceEvent(
                    ServiceEventFactory.environmentOnboarded(
                        environment: onboarded.name, tenantID: onboarded.tenantID, applicationID: onboarded.applicationID, api: onboarded.api,
                        credentialKind: onboarded.credentialKind.rawValue, credentialExpiresAt: onboarded.credentialExpiresAt, mailbox: mailbox,
                        at: onboarded.onboardedAt))
            } catch {
                logger.error("could not queue the environment.onboarded webhook event", metadata: ["environment": "\(onboarded.name)", "error": "\(error)"])
            }
        }
        logger.notice(
            "environment onboarded",
            metadata: [
                "environment": "\(onboarded.name)", "tenant": "\(onboarded.tenantID)", "application": "\(onboarded.applicationID)",
                "api": "\(onboarded.api)", "credential": "\(onboarded.credentialKind.rawValue)",
                "credentialExpiresAt": "\(onboarded.credentialExpiresAt.map { $0.formatted(.iso8601) } ?? "unknown")",
            ])
    }
}

/// Runs ``OnboardedEnvironmentAdoption/adoptNewlyOnboarded(service:served:)`` every 30 s while
/// `serve` runs.
struct OnboardedEnvironmentWatch: Service {
    let adoption: OnboardedEnvironmentAdoption
    let service: SyncService
    let served: ServedEnvironments
    var interval: Duration = .seconds(30)

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully else { break }
            do {
                try await adoption.adoptNewlyOnboarded(service: service, served: served)
            } catch {
                adoption.logger.warning("could not read the onboarded environments: \(error)")
            }
        }
    }
}
