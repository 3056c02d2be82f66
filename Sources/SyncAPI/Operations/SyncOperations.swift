import Foundation
import SyncEngine
import SyncService

/// Starting synchronizations on demand: what `SyncService` offers the API (see
/// `SyncService+SyncTrigger.swift`).
public protocol SyncTrigger: Sendable {
    /// Starts a synchronization now of one mailbox, or of every enrolled mailbox of the
    /// environment, without waiting for it to finish.
    func requestSync(environment: String, mailbox: MailboxAddress?) async throws -> SyncRequestReceipt

    /// Whether the service is ready to synchronize (for `/readyz`).
    func isReady() async -> Bool

    /// The ERP wrote records these mailboxes own (or owned): their cycles should run soon, so that
    /// the change reaches Outlook in seconds rather than at the next interval. Returns at once.
    func recordsChanged(environment: String, mailboxes: Set<MailboxAddress>) async

    /// A POST from Microsoft Graph on the notification URL (see `NotificationRoutes`).
    func receiveGraphNotification(_ delivery: GraphNotificationDelivery) async -> GraphNotificationReceipt
}

extension SyncTrigger {
    public func recordsChanged(environment: String, mailboxes: Set<MailboxAddress>) async {}

    public func receiveGraphNotification(_ delivery: GraphNotificationDelivery) async -> GraphNotificationReceipt { .notConfigured }
}

/// What the API needs from the running service: sync triggers and `verify` (whose checks live
/// with the CLI's `verify` command, which `serve` composes with the sync service). Tests use
/// their own conformances.
public protocol SyncOperations: SyncTrigger {
    /// Runs the same checks as `prextra-sync verify` for the environment (and the mailbox).
    func verify(environment: String, mailbox: MailboxAddress?) async -> VerificationSummary

    /// The configured environments the service could not start, with why (for `/readyz`, which
    /// shows their names only).
    func unavailableEnvironments() async -> [String: String]

    /// What the running service knows of each environment it runs (credential expiry, EWS on
    /// Exchange Online), for the dashboard's alerts and `/metrics`.
    func environmentFacts() async -> [EnvironmentFacts]
}

extension SyncOperations {
    public func unavailableEnvironments() async -> [String: String] { [:] }
    public func environmentFacts() async -> [EnvironmentFacts] { [] }
}

/// What the running service knows of an environment beyond the store.
public struct EnvironmentFacts: Sendable, Hashable {
    public var name: String
    /// `ews` or `graph`.
    public var api: String
    public var credentialExpiresOn: Date?
    public var usesExchangeOnlineEWS: Bool
    /// Time between two scheduled cycles of a mailbox (notifications start more in between).
    public var pollInterval: TimeInterval?
    /// Until when Microsoft's throttling holds the environment's cycles back, when it does.
    public var throttledUntil: Date?

    public init(
        name: String, api: String, credentialExpiresOn: Date?, usesExchangeOnlineEWS: Bool, pollInterval: TimeInterval? = nil,
        throttledUntil: Date? = nil
    ) {
        self.throttledUntil = throttledUntil
        self.name = name
        self.api = api
        self.credentialExpiresOn = credentialExpiresOn
        self.usesExchangeOnlineEWS = usesExchangeOnlineEWS
        self.pollInterval = pollInterval
    }

    /// Whole days left before the credential expires (negative once expired); nil when unknown.
    public func daysLeft(at now: Date) -> Int? {
        credentialExpiresOn.map { Int(($0.timeIntervalSince(now) / 86_400).rounded(.down)) }
    }

    /// Alerts start this many days before a credential expires.
    public static let expiryWarningDays = 30
}

/// What a sync request started.
public struct SyncRequestReceipt: Sendable, Hashable, Codable {
    public var environment: String
    /// The mailboxes whose synchronization was requested.
    public var mailboxes: [String]
    /// `accepted`: queued or started now; `already-running`: a worker holds the mailbox's lease
    /// (this one follows its cycle with another; another worker's cycle reads the change itself).
    public var status: String
    /// With `already-running`: the worker holding the mailbox (`host:pid:instance`).
    public var holder: String?
    /// With `already-running`: when the holder's lease runs out unless it renews it.
    public var leaseExpiresAt: Date?

    public init(
        environment: String, mailboxes: [String], status: String = "accepted", holder: String? = nil,
        leaseExpiresAt: Date? = nil
    ) {
        self.environment = environment
        self.mailboxes = mailboxes
        self.status = status
        self.holder = holder
        self.leaseExpiresAt = leaseExpiresAt
    }
}

/// The outcome of `verify`, in a form both the API and the CLI show.
public struct VerificationSummary: Sendable, Hashable, Codable {
    public struct Check: Sendable, Hashable, Codable {
        public var name: String
        /// `passed`, `warning`, `failed` or `skipped`.
        public var status: String
        public var detail: String

        public init(name: String, status: String, detail: String) {
            self.name = name
            self.status = status
            self.detail = detail
        }
    }

    public struct Diagnostic: Sendable, Hashable, Codable {
        public var code: String
        public var severity: String
        public var upstreamCode: String?
        public var what: String
        public var cause: String
        public var fix: String

        public init(code: String, severity: String, upstreamCode: String?, what: String, cause: String, fix: String) {
            self.code = code
            self.severity = severity
            self.upstreamCode = upstreamCode
            self.what = what
            self.cause = cause
            self.fix = fix
        }
    }

    public var environment: String
    public var succeeded: Bool
    public var checks: [Check]
    public var diagnostics: [Diagnostic]

    public init(environment: String, succeeded: Bool, checks: [Check], diagnostics: [Diagnostic]) {
        self.environment = environment
        self.succeeded = succeeded
        self.checks = checks
        self.diagnostics = diagnostics
    }
}

/// Errors a ``SyncOperations`` implementation throws that the API shows as they are.
public enum SyncOperationsError: Error, Sendable, Hashable {
    /// The mailbox is not enrolled, or is disabled.
    case mailboxNotEnrolled(environment: String, mailbox: MailboxAddress)
    /// The environment cannot synchronize (its configuration has errors, its credential failed).
    case environmentUnavailable(environment: String, reason: String)
}
