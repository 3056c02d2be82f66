import Foundation
import ServiceConfiguration
import Testing

/// An environment's `Notifications` section and the service's `SyncIntervalWithNotifications`.
/// The section's problems are warnings: the environment still loads, and polls.
@Suite("Graph change notifications in the configuration")
struct NotificationSettingsTests {
    typealias F = ConfigurationFixture

    private func load(notifications: String) throws -> (LoadedConfiguration, EnvironmentConfiguration) {
        let loaded = try F.load(F.exchange(F.environment(extra: #""Api": "Graph", "Notifications": \#(notifications)"#)))
        let environment = try #require(loaded.environment(named: "prextra"), "\(loaded.problems)")
        return (loaded, environment)
    }

    /// The environment loads with notifications off and one warning on `key`, whose message
    /// says the environment polls and whose fix is not empty, in both languages.
    private func polls(
        _ notifications: String, warningOn key: String, kind: ConfigurationProblemKind, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ConfigurationProblem {
        let (loaded, environment) = try load(notifications: notifications)
        #expect(environment.notifications == nil, sourceLocation: sourceLocation)
        #expect(!loaded.hasErrors, "\(loaded.problems)", sourceLocation: sourceLocation)
        #expect(loaded.report(named: "prextra")?.status == .warning, sourceLocation: sourceLocation)
        let problem = try #require(loaded.problems.first { $0.key == key }, "\(loaded.problems)", sourceLocation: sourceLocation)
        #expect(problem.severity == .warning, sourceLocation: sourceLocation)
        #expect(problem.kind == kind, sourceLocation: sourceLocation)
        #expect(!problem.fix.isEmpty, sourceLocation: sourceLocation)
        #expect(problem.description.contains("key \(key)"), sourceLocation: sourceLocation)
        #expect(problem.message.contains("it synchronizes by polling"), sourceLocation: sourceLocation)
        #expect(problem.description(in: .french).contains("interrogation périodique"), sourceLocation: sourceLocation)
        return problem
    }

    @Test func urlAndLifetimeAreRead() throws {
        let (loaded, environment) = try load(
            notifications: #"{ "Url": "https://sync.example.com/v1/notifications/graph", "SubscriptionLifetimeMinutes": 1440 }"#)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(environment.notifications?.url.absoluteString == "https://sync.example.com/v1/notifications/graph")
        #expect(environment.notifications?.subscriptionLifetime == .seconds(1440 * 60))
    }

    @Test func lifetimeDefaultsTo4230Minutes() throws {
        let (loaded, environment) = try load(notifications: #"{ "Url": "https://sync.example.com/v1/notifications/graph" }"#)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(NotificationSettings.defaultSubscriptionLifetimeMinutes == 4230)
        #expect(environment.notifications?.subscriptionLifetime == .seconds(4230 * 60))
    }

    @Test(arguments: [45, 10080])
    func lifetimeBoundsAreAccepted(minutes: Int) throws {
        let (loaded, environment) = try load(
            notifications: #"{ "Url": "https://sync.example.com/v1/notifications/graph", "SubscriptionLifetimeMinutes": \#(minutes) }"#)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(environment.notifications?.subscriptionLifetime == .seconds(minutes * 60))
    }

    @Test(arguments: ["44", "10081", "0", "\"three days\""])
    func lifetimeOutOfRangeIsAWarning(value: String) throws {
        _ = try polls(
            #"{ "Url": "https://sync.example.com/v1/notifications/graph", "SubscriptionLifetimeMinutes": \#(value) }"#,
            warningOn: "Notifications:SubscriptionLifetimeMinutes", kind: .invalidNumber)
    }

    @Test("plain http is accepted for loopback hosts only")
    func loopbackMayUseHTTP() throws {
        let (loaded, environment) = try load(notifications: #"{ "Url": "http://127.0.0.1:8080/v1/notifications/graph" }"#)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(environment.notifications?.url.port == 8080)
    }

    @Test func plainHTTPToAPublicHostIsAWarning() throws {
        let problem = try polls(
            #"{ "Url": "http://sync.example.com/v1/notifications/graph" }"#, warningOn: "Notifications:Url", kind: .insecureURL)
        #expect(problem.fix.contains("https"))
    }

    @Test func notAURLIsAWarning() throws {
        _ = try polls(#"{ "Url": "sync.example.com" }"#, warningOn: "Notifications:Url", kind: .invalidURL)
    }

    @Test func missingURLIsAWarning() throws {
        let problem = try polls(#"{ "SubscriptionLifetimeMinutes": 60 }"#, warningOn: "Notifications:Url", kind: .missingKey)
        #expect(problem.fix.contains("/v1/notifications/graph"))
    }

    @Test("an unknown key is a warning of its own; a valid Url still turns notifications on")
    func unknownKeyIsAWarning() throws {
        let (loaded, environment) = try load(
            notifications: #"{ "Url": "https://sync.example.com/v1/notifications/graph", "LifetimeMinutes": 60 }"#)
        let problem = try #require(loaded.problems.first(.unknownKey), "\(loaded.problems)")
        #expect(problem.severity == .warning)
        #expect(problem.key == "Notifications:LifetimeMinutes")
        #expect(!loaded.hasErrors)
        #expect(environment.notifications?.url.host == "sync.example.com")
    }

    @Test("a section that is not an object is a warning too; the environment polls")
    func wrongTypeIsAWarning() throws {
        _ = try polls(#""https://sync.example.com/v1/notifications/graph""#, warningOn: "Notifications", kind: .wrongType)
    }

    @Test func noSectionMeansPolling() throws {
        let loaded = try F.load(F.exchange(F.environment(extra: #""Api": "Graph""#)))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environment(named: "prextra")?.notifications == nil)
    }

    @Test func syncIntervalWithNotificationsIsRead() throws {
        let loaded = try F.load(F.exchange(F.environment(), service: #"{ "SyncIntervalWithNotifications": "30m" }"#))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.service.syncIntervalWithNotifications == .seconds(1800))

        let defaults = try F.load(F.exchange(F.environment()))
        #expect(defaults.service.syncIntervalWithNotifications == ServiceSettings.defaultSyncIntervalWithNotifications)
        #expect(ServiceSettings.defaultSyncIntervalWithNotifications == .seconds(900))
    }

    @Test(arguments: ["\"soon\"", "\"-5m\"", "\"0s\""])
    func invalidSyncIntervalWithNotificationsIsRefused(value: String) throws {
        let loaded = try F.load(F.exchange(F.environment(), service: #"{ "SyncIntervalWithNotifications": \#(value) }"#))
        let problem = try #require(loaded.serviceProblems.first { $0.key == "SyncIntervalWithNotifications" }, "\(loaded.problems)")
        #expect(problem.severity == .error)
        #expect(problem.kind == .invalidDuration)
        #expect(!problem.fix.isEmpty)
    }
}
