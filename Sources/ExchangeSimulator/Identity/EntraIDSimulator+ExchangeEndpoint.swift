/// The Entra ID side plugged into the composed simulator: its token endpoint is mounted on the
/// simulator's router, and the EWS endpoint accepts the tokens it issued for Exchange Online.
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
}
