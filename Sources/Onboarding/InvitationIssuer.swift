import Foundation
import ServiceConfiguration
import SyncStore

/// Hands out onboarding invitations: a link usable once, valid for a few days, whose token only
/// the link holds (the store keeps its digest).
public struct InvitationIssuer: Sendable {
    public let store: any OnboardingStore
    /// Where customers reach the service (`PrextraSync:PublicUrl`).
    public let publicURL: URL
    public let clock: @Sendable () -> Date

    /// Seven days, as the issue asks; at most thirty.
    public static let defaultValidity: Duration = .seconds(7 * 86_400)
    public static let maximumValidity: Duration = .seconds(30 * 86_400)

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case invalidEnvironmentName(String)
        case invalidLanguage(String)
        case invalidValidity

        public var description: String {
            switch self {
            case .invalidEnvironmentName(let name):
                return "--environment \"\(name)\" is not a usable environment name: use letters, digits, '.', '_' and '-' (e.g. \"contoso\")."
            case .invalidLanguage(let language):
                return "--lang \"\(language)\" is not a language of the guide: use fr or en."
            case .invalidValidity:
                return "--days must be from 1 to 30."
            }
        }
    }

    public init(store: any OnboardingStore, publicURL: URL, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.publicURL = publicURL
        self.clock = clock
    }

    /// A new invitation to enrol `environment`, and its link (`{PublicUrl}/onboarding/{token}`).
    public func invite(environment: String, language: String, validFor validity: Duration = defaultValidity) async throws
        -> (link: URL, invitation: OnboardingInvitation)
    {
        let name = environment.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, IdentifierFormat.isURLSafeName(name) else { throw Failure.invalidEnvironmentName(environment) }
        let language = language.lowercased()
        guard ["fr", "en"].contains(language) else { throw Failure.invalidLanguage(language) }
        guard validity >= .seconds(86_400), validity <= Self.maximumValidity else { throw Failure.invalidValidity }
        let token = InvitationToken.generate()
        let now = clock()
        let invitation = OnboardingInvitation(
            tokenDigest: token.digest, environment: name, language: language, createdAt: now,
            expiresAt: now.addingTimeInterval(validity / .seconds(1)))
        try await store.saveInvitation(invitation)
        return (Self.link(publicURL: publicURL, token: token), invitation)
    }

    public static func link(publicURL: URL, token: InvitationToken) -> URL {
        publicURL.appendingPathComponent("onboarding").appendingPathComponent(token.value)
    }
}
