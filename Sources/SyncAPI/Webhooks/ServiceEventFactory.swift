import Foundation
import SyncStore

/// The service events the webhook carries, built in one place: their type, key and data.
public enum ServiceEventFactory {
    struct Onboarded: Encodable {
        var tenantId: String
        var applicationId: String
        var api: String
        var credential: String
        var credentialExpiresAt: Date?
        var mailbox: String
    }

    struct Expiring: Encodable {
        var expiresAt: Date
        var daysLeft: Int
    }

    static func encode(_ value: some Encodable) -> Data { (try? APIJSON.encode(value)) ?? Data("{}".utf8) }

    /// A customer completed onboarding: the vendor hears which tenant, app and API (never the credential).
    public static func environmentOnboarded(
        environment: String, tenantID: String, applicationID: String, api: String, credentialKind: String, credentialExpiresAt: Date?,
        mailbox: String, at now: Date
    ) -> ServiceEvent {
        ServiceEvent(
            key: "\(ServiceEvent.environmentOnboarded):\(environment):\(Int64(now.timeIntervalSince1970))", type: ServiceEvent.environmentOnboarded,
            environment: environment,
            data: encode(
                Onboarded(
                    tenantId: tenantID, applicationId: applicationID, api: api, credential: credentialKind,
                    credentialExpiresAt: credentialExpiresAt, mailbox: mailbox)),
            occurredAt: now)
    }

    /// The days-left marks at which an expiring credential is announced again.
    public static let expiryMarks = [30, 7, 1, 0]

    /// An event when the credential is within 30 days of expiring: one per credential and mark
    /// (30, 7, 1 days, expired), whichever worker notices first. Nil before the first mark.
    public static func credentialExpiring(_ fact: EnvironmentFacts, at now: Date) -> ServiceEvent? {
        guard let expiresAt = fact.credentialExpiresOn, let daysLeft = fact.daysLeft(at: now),
            let mark = expiryMarks.last(where: { daysLeft <= $0 })
        else { return nil }
        return ServiceEvent(
            key: "\(ServiceEvent.credentialExpiring):\(fact.name):\(Int64(expiresAt.timeIntervalSince1970)):\(mark)",
            type: ServiceEvent.credentialExpiring, environment: fact.name,
            data: encode(Expiring(expiresAt: expiresAt, daysLeft: daysLeft)), occurredAt: now)
    }
}
