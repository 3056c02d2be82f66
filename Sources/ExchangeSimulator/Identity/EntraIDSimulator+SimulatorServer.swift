import Foundation
import Hummingbird
import Logging

/// The composed simulator: the same `EntraIDSimulator` issues tokens on the server's token
/// endpoint and checks them on its EWS endpoint, so a client gets its token the way it would
/// from Entra ID and presents it to EWS the way it would to Exchange Online. (Its generic
/// `addRoutes(to:)` is the `SimulatorRouteProvider` witness.)
extension EntraIDSimulator: AppTokenValidating, SimulatorRouteProvider {
    public func validate(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
        let token: ValidatedAppToken
        do {
            token = try validate(bearer: bearerToken, expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
        } catch {
            throw AppTokenRejection(reason: error.reason)
        }
        return AppTokenClaims(tenantId: token.tenantId, appId: token.appId, roles: token.roles)
    }

    public func validateGraph(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
        let token: ValidatedAppToken
        do {
            token = try validate(bearer: bearerToken, expectedAudiences: SimulatedResource.graph.acceptedAudiences)
        } catch {
            throw AppTokenRejection(reason: error.reason)
        }
        return AppTokenClaims(tenantId: token.tenantId, appId: token.appId, roles: token.roles)
    }
}

extension SimulatorServer {
    /// A simulator whose token endpoint and EWS endpoint share one `EntraIDSimulator`, built
    /// from the same seed (tenants, apps and mailboxes).
    public convenience init(
        configuration: SimulatorConfiguration, entraID: EntraIDSimulator? = nil, logger: Logger = Logger(label: "ExchangeSimulator")
    ) throws {
        let identity = try entraID ?? EntraIDSimulator(seed: configuration.seed)
        try self.init(configuration: configuration, tokenValidator: identity, routeProviders: [identity], logger: logger)
    }
}
