import Foundation
import Hummingbird

/// Resolves the `{environment}` of a path: the client must be allowed to act on it (403
/// otherwise, before saying whether it exists, so a scoped key learns nothing of the others),
/// and it must be an environment of the configuration (404).
struct EnvironmentResolver: Sendable {
    /// Configured names by lower-cased name.
    let names: [String: String]

    init(environments: [String]) {
        names = Dictionary(environments.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    func resolve(_ context: APIRequestContext) throws(APIProblem) -> String {
        guard let raw = context.parameters.get("environment"), let decoded = raw.removingPercentEncoding, !decoded.isEmpty
        else { throw .invalid("environment", "must be an environment name.") }
        guard let client = context.client else { throw .unauthenticated }
        guard client.allows(environment: decoded) else { throw .forbiddenEnvironment }
        guard let name = names[decoded.lowercased()] else {
            throw .notFound("No environment of this name in the service's configuration.", field: "environment")
        }
        return name
    }

    /// The configured environments the client may see, in name order.
    func visible(to client: AuthenticatedClient) -> [String] {
        names.values.filter { client.allows(environment: $0) }.sorted()
    }
}
