import Foundation
import ServiceConfiguration
import SyncEngine
@testable import SyncService
import Testing

@Suite("Scheduling parts")
struct SchedulingTests {
    @Test("Back-off doubles per throttled cycle, honours a longer server back-off, caps, and resets on success")
    func backoff() async {
        let backoff = ThrottleBackoff(base: .seconds(5), maximum: .seconds(60))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(await backoff.notBefore("a", now: now) == nil)
        #expect(await backoff.throttled("a", serverBackOff: nil, now: now) == now.addingTimeInterval(5))
        #expect(await backoff.throttled("a", serverBackOff: nil, now: now) == now.addingTimeInterval(10))
        #expect(await backoff.throttled("a", serverBackOff: .seconds(30), now: now) == now.addingTimeInterval(30))
        #expect(await backoff.throttled("a", serverBackOff: .seconds(600), now: now) == now.addingTimeInterval(60))
        // Another environment is not affected.
        #expect(await backoff.notBefore("b", now: now) == nil)
        #expect(await backoff.notBefore("a", now: now.addingTimeInterval(61)) == nil)
        await backoff.succeeded("a")
        #expect(await backoff.notBefore("a", now: now) == nil)
        #expect(await backoff.throttled("a", serverBackOff: nil, now: now) == now.addingTimeInterval(5))
    }

    @Test("The tenant limiter never runs more than its limit at once for a tenant, and others are independent")
    func tenantLimit() async {
        let limiter = TenantLimiter(limit: 2)
        let peak = Peak()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try? await limiter.withSlot("t1") {
                        await peak.enter()
                        await Task.yield()
                        await peak.leave()
                    }
                }
            }
            group.addTask {
                try? await limiter.withSlot("t2") {}
            }
        }
        #expect(await peak.maximum <= 2)
        #expect(await peak.maximum >= 1)
        #expect(await limiter.runningCount("t1") == 0)
    }

    @Test("The configuration's policy maps onto the engine's, entity by entity")
    func policyMapping() {
        let configured = ServiceConfiguration.SyncPolicy(
            contacts: EntitySyncPolicy(direction: .crmToOutlook, conflict: .outlookWins, delete: .unlink),
            appointments: EntitySyncPolicy(direction: .twoWay, conflict: .latestWins),
            tasks: EntitySyncPolicy(direction: .off), category: "CRM", sendMeetingInvitations: true)
        let policy = SyncEngine.SyncPolicy(configuration: configured)
        #expect(policy.optInCategory == "CRM")
        #expect(policy.sendMeetingInvitations)
        #expect(policy.policy(for: .contact) == EntityPolicy(direction: .crmToOutlook, conflict: .outlookWins, delete: .unlink))
        #expect(policy.policy(for: .appointment) == EntityPolicy(direction: .twoWay, conflict: .latestWins, delete: .propagate))
        #expect(policy.policy(for: .task).direction == .off)
        // Raw values agree, so the API and the configuration speak the same words.
        #expect(SyncEngine.SyncDirection.crmToOutlook.rawValue == ServiceConfiguration.SyncDirection.crmToOutlook.rawValue)
    }
}

actor Peak {
    private var current = 0
    private(set) var maximum = 0
    func enter() {
        current += 1
        maximum = max(maximum, current)
    }
    func leave() { current -= 1 }
}
