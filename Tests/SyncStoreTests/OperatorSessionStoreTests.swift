import Foundation
import Testing
@testable import SyncStore

@Suite("The dashboard's operator sessions")
struct OperatorSessionStoreTests {
    @Test("A session is found by its digest until it expires or ends; starting one forgets the expired", arguments: StoreKind.underTest)
    func lifecycle(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let now = clock.now
        let first = OperatorSession(tokenDigest: String(repeating: "1a", count: 32), keyName: "ops", createdAt: now, expiresAt: now.addingTimeInterval(3_600))
        let second = OperatorSession(tokenDigest: String(repeating: "2b", count: 32), keyName: "erp", createdAt: now, expiresAt: now.addingTimeInterval(60))
        try await store.startOperatorSession(first, now: now)
        try await store.startOperatorSession(second, now: now)
        #expect(try await store.operatorSession(tokenDigest: first.tokenDigest, at: now) == first)
        #expect(try await store.operatorSession(tokenDigest: second.tokenDigest, at: now.addingTimeInterval(61)) == nil, "expired")
        #expect(try await store.operatorSession(tokenDigest: String(repeating: "3c", count: 32), at: now) == nil)

        try await store.endOperatorSession(tokenDigest: first.tokenDigest)
        #expect(try await store.operatorSession(tokenDigest: first.tokenDigest, at: now) == nil, "signed out")

        // A later sign-in forgets the expired session for good.
        let third = OperatorSession(
            tokenDigest: String(repeating: "4d", count: 32), keyName: "ops", createdAt: now.addingTimeInterval(120), expiresAt: now.addingTimeInterval(7_200))
        try await store.startOperatorSession(third, now: now.addingTimeInterval(120))
        #expect(try await store.operatorSession(tokenDigest: second.tokenDigest, at: now) == nil)
        #expect(try await store.operatorSession(tokenDigest: third.tokenDigest, at: now.addingTimeInterval(120))?.keyName == "ops")
    }

    @Test("A live session's expiry moves later, never earlier; an expired or ended one stays gone", arguments: StoreKind.underTest)
    func extension_(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let now = clock.now
        let live = OperatorSession(tokenDigest: String(repeating: "5e", count: 32), keyName: "ops", createdAt: now, expiresAt: now.addingTimeInterval(1_800))
        try await store.startOperatorSession(live, now: now)
        try await store.extendOperatorSession(tokenDigest: live.tokenDigest, until: now.addingTimeInterval(3_000), now: now.addingTimeInterval(1_200))
        #expect(try await store.operatorSession(tokenDigest: live.tokenDigest, at: now.addingTimeInterval(2_999)) != nil)
        try await store.extendOperatorSession(tokenDigest: live.tokenDigest, until: now.addingTimeInterval(2_000), now: now.addingTimeInterval(1_300))
        #expect(try await store.operatorSession(tokenDigest: live.tokenDigest, at: now.addingTimeInterval(2_999)) != nil, "never earlier")

        // Expired at 3,000 s: extending it afterwards does not bring it back.
        try await store.extendOperatorSession(tokenDigest: live.tokenDigest, until: now.addingTimeInterval(9_000), now: now.addingTimeInterval(3_001))
        #expect(try await store.operatorSession(tokenDigest: live.tokenDigest, at: now.addingTimeInterval(3_002)) == nil)
    }
}
