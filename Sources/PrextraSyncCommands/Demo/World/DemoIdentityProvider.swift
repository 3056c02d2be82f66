import ExchangeSimulator
import Hummingbird

/// Puts the simulated Entra ID behind the simulator's EWS endpoint: its token endpoint is
/// mounted on the same server, and the bearer tokens EWS receives are checked against the keys
/// it signs with, for the audience Exchange Online accepts.
struct DemoIdentityProvider: AppTokenValidating, SimulatorRouteProvider {
    let entra: EntraIDSimulator

    func validate(bearerToken: String) throws(AppTokenRejection) -> AppTokenClaims {
        do {
            let token = try entra.validate(bearer: bearerToken, expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
            return AppTokenClaims(tenantId: token.tenantId, appId: token.appId, roles: token.roles)
        } catch {
            throw AppTokenRejection(reason: error.reason)
        }
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        entra.addRoutes(to: router)
    }
}
