import AsyncHTTPClient
import Foundation
import MicrosoftIdentity
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import SyncStore
import Synchronization

/// Pushes the Outlook changes waiting in the webhook outbox to the ERP.
///
/// Each entry is claimed (so that another worker does not send it too), POSTed signed, and
/// marked delivered only after a 2xx answer. Any other answer, a timeout or a refused
/// connection records the failure and the next attempt after a backoff; nothing is dropped.
///
/// Different records' changes go out in parallel (`concurrentDeliveries` at a time); a record's
/// changes go in their order, each once the one before it is delivered (the store claims a
/// record's entry only then). A claim lasts longer than the one request it covers can take, so
/// another worker never sends the same entry meanwhile: an event arrives twice only when its
/// answer was lost or its sender died, and `Prextra-Event-Id` lets the ERP ignore the repeat.
public final class WebhookDeliverer: Service, Sendable {
    public let url: URL
    let secret: String
    let store: any SyncStore
    /// The environments whose changes go out: read at each pass, so that one a customer
    /// onboarded while the service runs is included from then on.
    let served: ServedEnvironments
    /// Environments whose outbox this deliverer turned on.
    private let outboxEnabled = Mutex<Set<String>>([])
    let httpClient: HTTPClient
    let backoff: WebhookBackoff
    let pollInterval: Duration
    let requestTimeout: TimeAmount
    /// How long a claim lasts: twice the longest one delivery can take (the request, then
    /// reading at most `answerReadLimit` of the answer).
    let claimDuration: Duration
    let concurrentDeliveries: Int
    let clock: @Sendable () -> Date
    let logger: Logger

    /// Deliveries in flight at once, each for a different record.
    public static let defaultConcurrentDeliveries = 8
    static let answerReadLimit = Duration.seconds(5)

    public init(
        url: URL, signingSecret: String, store: any SyncStore, served: ServedEnvironments, httpClient: HTTPClient = OutboundHTTPClient.shared,
        backoff: WebhookBackoff = WebhookBackoff(), pollInterval: Duration = .seconds(1),
        requestTimeout: Duration = .seconds(15), concurrentDeliveries: Int = WebhookDeliverer.defaultConcurrentDeliveries,
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "prextra-sync.webhooks")
    ) {
        self.url = url
        secret = signingSecret
        self.store = store
        self.served = served
        self.httpClient = httpClient
        self.backoff = backoff
        self.pollInterval = pollInterval
        self.requestTimeout = .nanoseconds(Int64(requestTimeout.components.seconds) * 1_000_000_000
            + requestTimeout.components.attoseconds / 1_000_000_000)
        claimDuration = (requestTimeout + Self.answerReadLimit) * 2
        self.concurrentDeliveries = max(1, concurrentDeliveries)
        self.clock = clock
        self.logger = logger
    }

    /// Delivers the changes of a fixed list of environments.
    public convenience init(
        url: URL, signingSecret: String, store: any SyncStore, environments: [String], httpClient: HTTPClient = OutboundHTTPClient.shared,
        backoff: WebhookBackoff = WebhookBackoff(), pollInterval: Duration = .seconds(1), requestTimeout: Duration = .seconds(15),
        concurrentDeliveries: Int = WebhookDeliverer.defaultConcurrentDeliveries, clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "prextra-sync.webhooks")
    ) {
        self.init(
            url: url, signingSecret: signingSecret, store: store, served: ServedEnvironments(environments), httpClient: httpClient,
            backoff: backoff, pollInterval: pollInterval, requestTimeout: requestTimeout, concurrentDeliveries: concurrentDeliveries,
            clock: clock, logger: logger)
    }

    var currentEnvironments: [String] { served.names }

    /// Turns the outbox on for every environment not turned on yet, so that Outlook changes are
    /// queued from now on.
    public func enableOutbox() async throws {
        for environment in currentEnvironments where !outboxEnabled.withLock({ $0.contains(environment) }) {
            guard try await store.environment(environment) != nil else { continue }
            try await store.setWebhookDelivery(environment: environment, enabled: true)
            outboxEnabled.withLock { _ = $0.insert(environment) }
        }
    }

    /// Delivers until the service group shuts down; a pass that fails (the store is busy) is retried.
    /// A pass that sent something is followed at once by the next (a record's next change may be due).
    public func run() async throws {
        try await enableOutbox()
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            var sent = false
            do {
                let pass = try await deliverDue()
                sent = pass.delivered + pass.failed > 0
            } catch {
                logger.warning("webhook pass failed: \(error)")
            }
            if !sent { try? await Task.sleep(for: pollInterval) }
        }
    }

    /// What one pass did.
    public struct PassResult: Sendable, Hashable {
        public var delivered = 0
        public var failed = 0
    }

    /// One pass: the entries due now in every environment, at most one per record, sent in
    /// parallel (`concurrentDeliveries` at a time).
    public func deliverDue() async throws -> PassResult {
        var result = PassResult()
        try await enableOutbox()
        for environment in currentEnvironments {
            let due = try await store.claimDueWebhookDeliveries(
                environment: environment, limit: concurrentDeliveries, claimFor: claimDuration)
            let outcomes = await withTaskGroup(of: (WebhookDelivery, String?).self) { group in
                for delivery in due { group.addTask { (delivery, await self.send(delivery)) } }
                var outcomes: [(WebhookDelivery, String?)] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            for (delivery, failure) in outcomes {
                if let failure {
                    result.failed += 1
                    let retryAt = clock().addingTimeInterval(Self.seconds(backoff.delay(afterAttempts: delivery.attempts + 1)))
                    try await store.markWebhookFailed(
                        environment: environment, position: delivery.change.position, error: failure, retryAt: retryAt)
                    logger.notice(
                        "webhook for \(environment) change \(delivery.change.position) failed (\(failure)); retry at \(retryAt)")
                } else {
                    result.delivered += 1
                    try await store.markWebhookDelivered(environment: environment, position: delivery.change.position)
                }
            }
        }
        let events = try await deliverServiceEvents()
        result.delivered += events.delivered
        result.failed += events.failed
        return result
    }

    /// The service events due now (an environment onboarded, a credential expiring), sent in
    /// parallel: they have no order among themselves.
    func deliverServiceEvents() async throws -> PassResult {
        var result = PassResult()
        let due = try await store.claimDueServiceEvents(limit: concurrentDeliveries, claimFor: claimDuration, now: clock())
        let outcomes = await withTaskGroup(of: (ServiceEvent, String?).self) { group in
            for event in due { group.addTask { (event, await self.send(event)) } }
            var outcomes: [(ServiceEvent, String?)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        for (event, failure) in outcomes {
            if let failure {
                result.failed += 1
                let retryAt = clock().addingTimeInterval(Self.seconds(backoff.delay(afterAttempts: event.attempts + 1)))
                try await store.markServiceEventFailed(id: event.id, error: failure, retryAt: retryAt)
                logger.notice("webhook for the \(event.type) event of \(event.environment) failed (\(failure)); retry at \(retryAt)")
            } else {
                result.delivered += 1
                try await store.markServiceEventDelivered(id: event.id, at: clock())
            }
        }
        return result
    }

    func send(_ event: ServiceEvent) async -> String? {
        let payload = ServiceEventPayload(
            type: event.type, eventId: "service:\(event.id)", environment: event.environment, occurredAt: event.occurredAt,
            data: (try? JSONDecoder().decode(JSONValue.self, from: event.data)) ?? .null)
        guard let body = try? APIJSON.encode(payload) else { return "the event could not be encoded" }
        return await post(body, eventID: payload.eventId, type: event.type)
    }

    /// Sends one delivery; nil on a 2xx answer, otherwise why it failed (no secret, no body).
    func send(_ delivery: WebhookDelivery) async -> String? {
        let payload = WebhookPayload(
            environment: delivery.environment,
            eventId: "\(delivery.environment):\(delivery.change.position.rawValue)",
            change: ChangeRepresentation(delivery.change))
        let body: Data
        do { body = try APIJSON.encode(payload) } catch { return "the change could not be encoded" }
        return await post(body, eventID: payload.eventId, type: "outlook.change")
    }

    /// POSTs a signed body; nil on a 2xx answer, otherwise why it failed (no secret, no body).
    private func post(_ body: Data, eventID: String, type eventType: String) async -> String? {
        let timestamp = Int64(clock().timeIntervalSince1970)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "prextra-sync")
        request.headers.add(name: WebhookSignature.eventHeaderName, value: eventID)
        request.headers.add(name: WebhookSignature.eventTypeHeaderName, value: eventType)
        request.headers.add(name: WebhookSignature.headerName, value: WebhookSignature.header(body: body, timestamp: timestamp, secret: secret))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await httpClient.execute(request, timeout: requestTimeout)
            _ = try? await response.body.collect(upTo: 64 * 1024, within: Self.answerReadLimit)
            let status = Int(response.status.code)
            if (300..<400).contains(status) {
                // Not followed: the signed payload would go wherever the answer points.
                return "HTTP \(status): the receiver redirects, and webhooks are never redirected; configure its final URL"
            }
            guard (200..<300).contains(status) else { return "HTTP \(status)" }
            return nil
        } catch {
            return "no answer: \(type(of: error))"
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
