import Hummingbird

/// Something that mounts its own routes on the simulator's router: the Entra ID token
/// endpoint (OpenID discovery, JWKS, `/{tenant}/oauth2/v2.0/token`) plugs in here.
public protocol SimulatorRouteProvider: Sendable {
    func addRoutes(to router: Router<BasicRequestContext>)
}
