import EnvironmentVerification
import ArgumentParser
import Onboarding
import WebPortal
import Foundation
import Logging
import MicrosoftIdentity
import ServiceConfiguration
import ServiceLifecycle
import SyncAPI
import SyncEngine
import SyncService
import SyncStore
import UnixSignals

/// `prextra-sync serve --config F`: the HTTP API, the webhook sender and the synchronization
/// service in one process, stopped gracefully by SIGINT or SIGTERM (the current batch
/// finishes or is abandoned whole; nothing is half-applied).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API, webhook delivery and synchronization until SIGINT or SIGTERM.")

    @Option(help: "The configuration file, e.g. appsettings.json.")
    var config: String

    @Option(help: "Listen on host:port instead of PrextraSync:Listen.")
    var listen: String?

    @Option(help: "Requests per second each API key may send (token bucket refill).")
    var requestsPerSecond: Double = APILimits.default.requestsPerSecond

    @Option(help: "Requests an API key may send at once (token bucket size).")
    var burst: Int = APILimits.default.burst

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodyBytes: Int = APILimits.default.maxBodyBytes

    func run() async throws {
        let context = CommandContext.current
        var logger = Logger(label: "prextra-sync")
        logger.logLevel = .info
        let (file, store) = try await Self.openStore(config, context: context)
        defer { store.closeWhenDone() }
        let worker = WorkerIdentity.current().description
        // Environments customers enrolled through onboarding run as if the file listed them.
        var loaded = file
        var adoption: OnboardedEnvironmentAdoption?
        if let key = file.service.secretsKey, let sealer = try? CredentialSealer(base64Key: key.value) {
            let onboarding = OnboardedEnvironmentAdoption(file: file, sealer: sealer, store: store, worker: worker, logger: logger)
            let (withOnboarded, notices) = try await onboarding.configurationAtStart()
            for notice in notices { context.output.errorLine("warning: \(notice)") }
            loaded = withOnboarded
            adoption = onboarding
        }
        // Errors, and the warnings that switch notifications off (the environment then polls).
        for problem in loaded.problems where problem.severity == .error || problem.key.hasPrefix("Notifications:") {
            context.output.errorLine(problem.description(in: .english))
        }
        var apiConfiguration = APIServerConfiguration(
            loaded, limits: APILimits(maxBodyBytes: maxBodyBytes, requestsPerSecond: requestsPerSecond, burst: burst))
        if let listen {
            guard let address = ListenAddress.parse(listen) else {
                context.output.errorLine("error: --listen \(listen) is not host:port.")
                throw ExitCode(2)
            }
            apiConfiguration.host = address.host
            apiConfiguration.port = address.port
        }
        if apiConfiguration.apiKeys.isEmpty {
            context.output.errorLine("warning: no API key is configured (PrextraSync:ApiKeys): the API answers only /healthz and /readyz, and nobody can sign in to the dashboard.")
        }

        let metrics = MetricsBootstrap.processMetrics()
        let (environments, unavailable, notices) = await SyncEnvironment.environments(
            from: loaded, store: store, worker: worker)
        for (name, reason) in unavailable.sorted(by: { $0.key < $1.key }) {
            context.output.errorLine("warning: environment \(name) is not synchronized: \(reason)")
        }
        for notice in notices { context.output.errorLine("warning: \(notice)") }
        for line in SyncEnvironment.kindsLeftOut(environments) { context.output.errorLine("warning: \(line)") }
        await Self.verifyChanged(environments, loaded: loaded, output: context.output)
        let syncService = SyncService(
            store: store, environments: environments, settings: SyncService.Settings(settings: loaded.service),
            logger: logger)
        let operations = ServeOperations(
            loaded: loaded, trigger: syncService, unavailable: unavailable,
            facts: {
                var facts: [EnvironmentFacts] = []
                for environment in syncService.environments {
                    facts.append(
                        EnvironmentFacts(
                            name: environment.name, api: environment.apiChoice?.api == .graph ? "graph" : "ews",
                            credentialExpiresOn: environment.credentialExpiresOn,
                            usesExchangeOnlineEWS: environment.usesExchangeOnlineEWS && environment.apiChoice?.api != .graph,
                            pollInterval: syncService.settings.interval / .seconds(1),
                            throttledUntil: await syncService.throttledUntil(environment: environment.name)))
                }
                return facts
            },
            adopted: { [adoption] name in adoption?.configuration(named: name) })
        let served = ServedEnvironments(apiConfiguration.environments)
        let renderer = try await PageRenderer.load()
        let transport = TransportPolicy(servesTLS: apiConfiguration.tls != nil)
        var pages: [any APIRouteExtension] = []
        var issuer: InvitationIssuer?
        if let adoption {
            pages.append(
                Self.onboardingPortal(loaded, store: store, adoption: adoption, renderer: renderer, transport: transport) { environment, mailbox in
                    await adoption.adopt(environment, mailbox: mailbox, service: syncService, served: served)
                })
            issuer = loaded.service.publicURL.map { InvitationIssuer(store: store, publicURL: $0) }
        }
        pages.append(
            DashboardPortal(
                store: store, served: served, operations: operations, apiKeys: apiConfiguration.apiKeys, renderer: renderer,
                transport: transport, issuer: issuer))
        let server = APIServer(
            configuration: apiConfiguration, store: store, operations: operations, metrics: metrics, served: served, extensions: pages,
            invitations: issuer, logger: logger)
        try await server.prepareStore()
        try await Self.enrolConfiguredMailboxes(loaded, store: store)

        let host = apiConfiguration.host
        // A service group stops its services in reverse order: the API first (no new requests),
        // then webhook delivery, then the sync service, whose running cycles finish their unit of work.
        var services: [any Service] = [syncService, RetentionService(store: store, retention: loaded.service.retention, logger: logger)]
        if let adoption { services.append(OnboardedEnvironmentWatch(adoption: adoption, service: syncService, served: served)) }
        var apiServices: [any Service] = [
            try Self.application(server) { port in
                context.output.errorLine("prextra-sync: HTTP API listening on \(server.scheme)://\(host):\(port)")
            }
        ]
        if let webhook = loaded.service.webhook {
            apiServices.insert(
                WebhookDeliverer(
                    url: webhook.url, signingSecret: webhook.signingSecret.value, store: store, served: served, logger: logger), at: 0)
            apiServices.insert(CredentialExpiryWatch(store: store, operations: operations, logger: logger), at: 0)
        }
        services += apiServices
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        context.output.errorLine("prextra-sync: stopped.")
    }

    /// The API's application; a TLS certificate and key that do not go together stop `serve`
    /// with the message that names them.
    static func application(_ server: APIServer, onServerRunning: @escaping @Sendable (Int) async -> Void) throws -> some Service {
        do {
            return try server.makeApplication(onServerRunning: onServerRunning)
        } catch let error as APIServerError {
            CommandContext.current.output.errorLine("error: \(error.description)")
            throw ExitCode(2)
        }
    }

    /// The onboarding pages (`/onboarding/{token}`), when the service has a secrets key to seal
    /// what customers give.
    static func onboardingPortal(
        _ loaded: LoadedConfiguration, store: any SyncStore, adoption: OnboardedEnvironmentAdoption, renderer: PageRenderer,
        transport: TransportPolicy, onboarded: @escaping @Sendable (OnboardedEnvironment, String) async -> Void
    ) -> OnboardingPortal {
        var submission = OnboardingSubmission(store: store, sealer: adoption.loader.sealer, httpClient: OutboundHTTPClient.shared)
        submission.endpoints = loaded.service.onboardingEndpoints
        return OnboardingPortal(submission: submission, renderer: renderer, transport: transport, onboarded: onboarded)
    }

    /// Checks again, as `verify` does, each environment whose settings changed since the last
    /// start, and says which checks fail (the environment runs anyway).
    static func verifyChanged(_ environments: [SyncEnvironment], loaded: LoadedConfiguration, output: CommandOutput) async {
        let client = OutboundHTTPClient.shared
        // The notification route does not listen yet; the subscriptions' own validation reports it.
        let verifier = EnvironmentVerifier(
            httpClient: client, language: .english, mailboxChecks: EnvironmentVerifier.mailboxChecks(httpClient: client, language: .english),
            checksNotificationURL: false)
        for environment in environments where !environment.configurationChanges.isEmpty {
            guard let configuration = loaded.environment(named: environment.name) else { continue }
            let report = await verifier.verify(configuration, mailbox: nil)
            for check in report.checks where check.status == .failed {
                output.errorLine("warning: environment \(environment.name), checked again after its change: \(check.name) failed: \(check.detail)")
            }
        }
    }

    static func openStore(_ path: String, context: CommandContext) async throws -> (LoadedConfiguration, any CommandStore) {
        do {
            let loaded = try CommandStateStore.loadConfiguration(path, context: context)
            return (loaded, try await CommandStateStore.open(loaded))
        } catch {
            context.output.errorLine(error.description)
            throw ExitCode(error.exitCode)
        }
    }

    /// Enrols the mailboxes the configuration lists, unless the store already knows them (an
    /// operator may have disabled one since; a restart must not enable it again).
    static func enrolConfiguredMailboxes(_ loaded: LoadedConfiguration, store: any SyncStore) async throws {
        for environment in loaded.environments {
            for address in environment.mailboxes.map({ MailboxAddress($0) })
            where try await store.mailbox(environment: environment.name, address: address) == nil {
                try await store.enrolMailbox(environment: environment.name, address: address)
            }
        }
    }
}
