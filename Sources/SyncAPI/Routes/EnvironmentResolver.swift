import Foundation
import Hummingbird

/// Resolves the `{environment}` of a path: the client must be allowed to act on it (403
/// otherwise, before saying whether it exists, so a scoped key learns nothing of the others),
/// and it must be an environment the API serves (404).
struct EnvironmentResolver: Sendable {
    let served: ServedEnvironments

    var names: [String] { served.names }

    func resolve(_ context: APIRequestContext) throws(APIProblem) -> String {
        guard let raw = context.parameters.get("environment"), let decoded = raw.removingPercentEncoding, !decoded.isEmpty
        else { throw .invalid("environment", "must be an environment name.") }
        guard let client = context.client else { throw .unauthenticated }
        guard client.allows(environment: decoded) else { throw .forbiddenEnvironment }
        guard let name = served.lookup(decoded) else {
            throw .notFound("No environment of this name in the service's configuration.", field: "environment")
        }
        return name
    }

    /// The served environments the client may see, in name order.
    func visible(to client: AuthenticatedClient) -> [String] {
        names.filter { client.allows(environment: $0) }
    }
}
