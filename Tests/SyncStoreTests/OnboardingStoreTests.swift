import Foundation
import SyncEngine
import Testing
@testable import SyncStore

@Suite("Onboarding invitations and onboarded environments")
struct OnboardingStoreTests {
    static func environment(_ name: String, secret: UInt8, at date: Date) -> OnboardedEnvironment {
        OnboardedEnvironment(
            name: name, tenantID: "11111111-1111-4111-8111-111111111111", applicationID: "22222222-2222-4222-8222-222222222222", api: "graph",
            credentialKind: .certificate, sealedCredential: Data([0, secret, 255, 7, secret]), credentialExpiresAt: date.addingTimeInterval(86_400 * 365),
            onboardedAt: date)
    }

    @Test("An invitation is found by its digest, spent once by the onboarding it opens, and never after it expires", arguments: StoreKind.underTest)
    func invitationLifecycle(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let now = clock.now
        let invitation = OnboardingInvitation(
            tokenDigest: String(repeating: "ab", count: 32), environment: "contoso", language: "fr", createdAt: now,
            expiresAt: now.addingTimeInterval(7 * 86_400))
        try await store.saveInvitation(invitation)
        let expired = OnboardingInvitation(
            tokenDigest: String(repeating: "cd", count: 32), environment: "fabrikam", language: "en", createdAt: now.addingTimeInterval(-10),
            expiresAt: now.addingTimeInterval(-1))
        try await store.saveInvitation(expired)
        #expect(try await store.invitation(tokenDigest: invitation.tokenDigest)?.isUsable(at: now) == true)
        #expect(try await store.invitation(tokenDigest: String(repeating: "ef", count: 32)) == nil)
        #expect(try await store.invitations().map(\.environment) == ["contoso", "fabrikam"])

        // The expired one opens nothing; the live one opens once.
        #expect(try await !store.completeOnboarding(Self.environment("fabrikam", secret: 1, at: now), invitationDigest: expired.tokenDigest, at: now))
        #expect(try await store.completeOnboarding(Self.environment("contoso", secret: 2, at: now), invitationDigest: invitation.tokenDigest, at: now))
        #expect(try await !store.completeOnboarding(Self.environment("contoso", secret: 3, at: now), invitationDigest: invitation.tokenDigest, at: now))
        let onboarded = try await store.onboardedEnvironments()
        #expect(onboarded.map(\.name) == ["contoso"])
        #expect(onboarded.first?.sealedCredential == Data([0, 2, 255, 7, 2]), "the bytes stored are the sealed ones, unchanged")
        #expect(onboarded.first?.credentialKind == .certificate)
        let spent = try #require(try await store.invitation(tokenDigest: invitation.tokenDigest))
        #expect(spent.spentAt != nil && !spent.isUsable(at: now))

        // A renewal through a new invitation replaces the credential.
        let renewal = OnboardingInvitation(
            tokenDigest: String(repeating: "12", count: 32), environment: "contoso", language: "en", createdAt: now,
            expiresAt: now.addingTimeInterval(86_400))
        try await store.saveInvitation(renewal)
        #expect(try await store.completeOnboarding(Self.environment("contoso", secret: 9, at: now), invitationDigest: renewal.tokenDigest, at: now))
        #expect(try await store.onboardedEnvironments().map(\.sealedCredential) == [Data([0, 9, 255, 7, 9])])
    }

    @Test("The certificate made for an invitation is kept until the submit, replaced by a newer one, and dropped when the invitation is spent", arguments: StoreKind.underTest)
    func pendingCertificate(_ kind: StoreKind) async throws {
        let location = try await StoreLocation(kind)
        let clock = TestClock()
        let store = try await Fixture.seededStore(in: location, clock: clock)
        let now = clock.now
        let invitation = OnboardingInvitation(
            tokenDigest: String(repeating: "a1", count: 32), environment: "contoso", language: "en", createdAt: now,
            expiresAt: now.addingTimeInterval(86_400))
        try await store.saveInvitation(invitation)
        #expect(try await store.invitation(tokenDigest: invitation.tokenDigest)?.pendingCertificate == nil)
        #expect(try await store.savePendingCertificate(Data([1, 2, 3]), invitationDigest: invitation.tokenDigest, at: now))
        #expect(try await store.savePendingCertificate(Data([4, 5]), invitationDigest: invitation.tokenDigest, at: now))
        #expect(try await store.invitation(tokenDigest: invitation.tokenDigest)?.pendingCertificate == Data([4, 5]))
        // Not for an invitation that expired, nor one that does not exist.
        #expect(try await !store.savePendingCertificate(Data([6]), invitationDigest: invitation.tokenDigest, at: now.addingTimeInterval(86_401)))
        #expect(try await !store.savePendingCertificate(Data([6]), invitationDigest: String(repeating: "ff", count: 32), at: now))

        #expect(try await store.completeOnboarding(Self.environment("contoso", secret: 1, at: now), invitationDigest: invitation.tokenDigest, at: now))
        #expect(try await store.invitation(tokenDigest: invitation.tokenDigest)?.pendingCertificate == nil, "the private key is not left behind")
        #expect(try await !store.savePendingCertificate(Data([7]), invitationDigest: invitation.tokenDigest, at: now), "a spent invitation takes no new certificate")
    }
}
