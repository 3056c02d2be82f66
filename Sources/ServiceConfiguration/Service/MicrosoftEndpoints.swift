import Foundation

/// Where environments enrolled through onboarding reach Microsoft (`PrextraSync:Onboarding`):
/// the global cloud by default; a national cloud, or the simulator in tests and demos.
public struct MicrosoftEndpoints: Sendable, Hashable {
    public var authority: URL
    public var ewsURL: URL
    public var graphURL: URL

    public init(
        authority: URL = EnvironmentConfiguration.defaultAuthority, ewsURL: URL = EnvironmentConfiguration.defaultEWSURL,
        graphURL: URL = EnvironmentConfiguration.defaultGraphURL
    ) {
        self.authority = authority
        self.ewsURL = ewsURL
        self.graphURL = graphURL
    }

    public static let global = MicrosoftEndpoints()
}
