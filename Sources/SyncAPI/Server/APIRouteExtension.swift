import Hummingbird

/// Routes another module serves beside the API on the same listener (the onboarding pages and
/// the operator dashboard), under a path prefix the API key does not guard: they authenticate
/// their own way (an invitation's token, a session cookie) and answer in HTML, not problems.
public protocol APIRouteExtension: Sendable {
    /// Paths starting with it (e.g. `/onboarding/`) belong to the extension.
    var pathPrefix: String { get }
    func add(to router: Router<APIRequestContext>)
}
