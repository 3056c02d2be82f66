import Foundation

/// Self-service onboarding: the invitations the vendor hands out, and the environments customers
/// enrolled through them (their credential sealed).
public protocol OnboardingStore: Sendable {
    /// Stores a new invitation.
    func saveInvitation(_ invitation: OnboardingInvitation) async throws

    /// The invitation whose token has this digest, spent or expired ones included.
    func invitation(tokenDigest: String) async throws -> OnboardingInvitation?

    /// The invitations of every environment, newest first.
    func invitations() async throws -> [OnboardingInvitation]

    /// Keeps the sealed certificate (with its private key) the service made for a usable
    /// invitation, replacing an earlier one. Returns `false`, changing nothing, when the
    /// invitation is spent or expired.
    func savePendingCertificate(_ sealed: Data, invitationDigest: String, at now: Date) async throws -> Bool

    /// Completes an onboarding in one transaction: saves (or replaces, for a renewal) the
    /// environment, and spends the invitation (dropping its pending certificate). Returns `false`, changing nothing, when the
    /// invitation is spent or expired by then (two submissions racing: one wins).
    func completeOnboarding(_ environment: OnboardedEnvironment, invitationDigest: String, at now: Date) async throws -> Bool

    /// Every onboarded environment, by name.
    func onboardedEnvironments() async throws -> [OnboardedEnvironment]
}
