import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import Onboarding
import ServiceLifecycle
import Synchronization
import SyncStore

/// The HTTP API for the ERP and for operators.
///
/// Routes only translate HTTP to calls on the store and on ``SyncOperations``; the
/// synchronization logic stays in the service. Every route but `/healthz` and `/readyz` needs
/// an API key; every error is `application/problem+json`.
public final class APIServer: Sendable {
    public let configuration: APIServerConfiguration
    public let metrics: APIMetrics
    let store: any SyncStore
    let operations: (any SyncOperations)?
    let logger: Logger
    let limiter: TokenBucketRateLimiter
    let unauthenticatedLimiter: TokenBucketRateLimiter
    /// The environments the API serves; `serve` adds those customers enrol while it runs.
    public let served: ServedEnvironments
    let extensions: [any APIRouteExtension]
    /// Makes onboarding links for `POST /v1/onboarding/invitations`; nil when onboarding is off.
    let invitations: InvitationIssuer?
    private let running = Mutex<Task<Void, any Error>?>(nil)

    public init(
        configuration: APIServerConfiguration, store: any SyncStore, operations: (any SyncOperations)?,
        metrics: APIMetrics = APIMetrics(), served: ServedEnvironments? = nil, extensions: [any APIRouteExtension] = [],
        invitations: InvitationIssuer? = nil, logger: Logger = Logger(label: "prextra-sync.api")
    ) {
        self.configuration = configuration
        self.store = store
        self.operations = operations
        self.metrics = metrics
        self.logger = logger
        self.extensions = extensions
        self.invitations = invitations
        self.served = served ?? ServedEnvironments(configuration.environments)
        limiter = TokenBucketRateLimiter(
            requestsPerSecond: configuration.limits.requestsPerSecond, burst: configuration.limits.burst)
        unauthenticatedLimiter = TokenBucketRateLimiter(
            requestsPerSecond: configuration.limits.unauthenticatedRequestsPerSecond,
            burst: configuration.limits.unauthenticatedBurst)
    }

    /// Registers the configured environments the store does not know yet. Idempotent; an
    /// environment the sync service registered keeps its fingerprint.
    public func prepareStore() async throws {
        for name in served.names where try await store.environment(name) == nil {
            try await store.registerEnvironment(name, configFingerprint: nil)
        }
    }

    public func makeRouter() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware(logger: logger, scrubber: configuration.scrubber, served: served))
        router.add(
            middleware: AuthenticationMiddleware(
                authenticator: APIKeyAuthenticator(keys: configuration.apiKeys), unauthenticated: unauthenticatedLimiter,
                extensionPrefixes: extensions.map(\.pathPrefix)))
        router.add(middleware: RateLimitMiddleware(limiter: limiter))
        let environments = EnvironmentResolver(served: served)
        ServiceRoutes(store: store, environments: environments, operations: operations, metrics: metrics).add(to: router)
        RecordRoutes(store: store, environments: environments, limits: configuration.limits, trigger: operations).add(to: router)
        ChangeFeedRoutes(store: store, environments: environments).add(to: router)
        MailboxRoutes(store: store, environments: environments).add(to: router)
        OperationRoutes(store: store, environments: environments, operations: operations).add(to: router)
        HistoryRoutes(store: store, environments: environments).add(to: router)
        FailedItemRoutes(store: store, environments: environments).add(to: router)
        TrackedEmailRoutes(store: store, environments: environments).add(to: router)
        NotificationRoutes(trigger: operations, unauthenticated: unauthenticatedLimiter).add(to: router)
        InvitationRoutes(store: store, issuer: invitations, configured: configuration.environments, limits: configuration.limits).add(to: router)
        for routes in extensions { routes.add(to: router) }
        return router
    }

    /// The Hummingbird application, a `Service` for a `ServiceGroup` (what `serve` runs).
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        throws -> some Service
    {
        Application(
            router: makeRouter(), server: try serverBuilder(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "prextra-sync"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// HTTP/1.1, inside TLS when `PrextraSync:Tls` is set.
    func serverBuilder() throws -> HTTPServerBuilder {
        guard let tls = configuration.tls else { return .http1() }
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(tls.certificateChainPEM.utf8))
            let key = try NIOSSLPrivateKey(bytes: Array(tls.privateKeyPEM.value.utf8), format: .pem)
            return try .tls(
                .http1(), tlsConfiguration: TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        } catch {
            throw APIServerError.unusableTLS(certificate: tls.certificatePath.path, key: tls.keyPath.path)
        }
    }

    /// `http` or `https`.
    public var scheme: String { configuration.tls == nil ? "http" : "https" }

    /// Starts listening in a task of its own and returns the base URL (tests).
    public func start() async throws -> URL {
        try await prepareStore()
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        var quiet = logger
        quiet.logLevel = .critical
        let application = Application(
            router: makeRouter(), server: try serverBuilder(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "prextra-sync"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: quiet)
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        running.withLock { $0 = task }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw APIServerError.didNotStart(host: configuration.host, port: configuration.port)
        }
        return URL(string: "\(scheme)://\(configuration.host):\(port)")!
    }

    /// Stops the server `start()` started.
    public func stop() async {
        let task = running.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        _ = try? await task?.value
    }
}

public enum APIServerError: Error, CustomStringConvertible {
    case didNotStart(host: String, port: Int)
    case unusableTLS(certificate: String, key: String)

    public var description: String {
        switch self {
        case .didNotStart(let host, let port):
            "The HTTP API could not listen on \(host):\(port). Is the port in use? Change PrextraSync:Listen."
        case .unusableTLS(let certificate, let key):
            "PrextraSync:Tls: the certificate \(certificate) and the key \(key) cannot be used together (a chain NIOSSL cannot read, "
                + "an encrypted key, or a key of another certificate). Give the PEM certificate chain and its unencrypted PEM key."
        }
    }
}
