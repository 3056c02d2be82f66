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
}
