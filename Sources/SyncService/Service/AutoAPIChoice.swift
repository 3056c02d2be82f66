import Foundation
import MicrosoftIdentity
import ServiceConfiguration

/// What `"Api": "Auto"` (the default) decides for an environment, at each start of `serve` and
/// of `sync`:
/// - an on-premises `EwsUrl` (a host other than Exchange Online's for the cloud, or than the
///   `GraphUrl`'s, which a simulator or a proxy may serve both from) means EWS;
/// - Exchange Online means Graph when the Graph token carries the roles the sync needs;
/// - otherwise Exchange Online means EWS, with a warning (in English and in French) that gives the
///   deadline, the manifest to paste and the admin-consent step.
///
/// The choice never calls EWS: it asks Entra ID for a Graph token and reads its roles.
public struct AutoAPIChoice: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        case onPremises
        case graphRolesGranted
        /// The Graph token lacks these roles.
        case graphRolesMissing([String])
        /// No Graph token could be had (the message says why, without a secret).
        case graphTokenRefused(String)
    }

    public var api: ExchangeAPI
    public var reason: Reason

    /// The date EWS stops answering every application in Exchange Online.
    public static let ewsEndOfLife = "2027-04-01"

    /// The Graph roles the sync of appointments, contacts and tasks needs, and User.Read.All,
    /// without which app-only `translateExchangeIds` is refused and the move from EWS cannot
    /// carry the stored ids over (Graph docs, user: translateExchangeIds, "Application").
    public static let graphRoles: Set<String> = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "User.Read.All"]

    /// - Parameter forceRefresh: ask Entra ID for a new token: roles granted since the cached
    ///   token was issued appear only in a new one.
    public static func choose(
        for environment: EnvironmentConfiguration, tokenProviders: AccessTokenProviders, forceRefresh: Bool = false
    ) async -> AutoAPIChoice {
        guard isExchangeOnline(environment) else { return AutoAPIChoice(api: .ews, reason: .onPremises) }
        let reason = await graphToken(for: environment, tokenProviders: tokenProviders, forceRefresh: forceRefresh, required: graphRoles)
        return AutoAPIChoice(api: reason == .graphRolesGranted ? .graph : .ews, reason: reason)
    }

    /// Whether a Graph token carries the `required` roles: `graphRolesGranted`,
    /// `graphRolesMissing`, or `graphTokenRefused` (never a secret in the message).
    public static func graphToken(
        for environment: EnvironmentConfiguration, tokenProviders: AccessTokenProviders, forceRefresh: Bool = false,
        required: Set<String>
    ) async -> Reason {
        do {
            let registration = try EnvironmentIdentity(environment).registration
            let token = try await tokenProviders.provider(for: registration, resource: .graph(in: registration.cloud, readsMail: environment.email.readsMail))
                .accessToken(forceRefresh: forceRefresh)
            let missing = required.subtracting(AccessTokenClaims(decoding: token.value)?.roles ?? []).sorted()
            return missing.isEmpty ? .graphRolesGranted : .graphRolesMissing(missing)
        } catch {
            return .graphTokenRefused("\(error)")
        }
    }

    /// The Graph roles an environment configured with `"Api": "Graph"` cannot synchronize without.
    public static let syncRoles: Set<String> = TokenResource.graphSyncRoles

    /// The line `serve` and `sync` show at start for an environment configured with
    /// `"Api": "Graph"` whose token lacks the sync roles (its cycles will be refused until an
    /// administrator grants them); nil when the token has them.
    public static func configuredGraphNotice(environment name: String, reason: Reason, french: Bool = false) -> String? {
        switch reason {
        case .onPremises, .graphRolesGranted:
            return nil
        case .graphRolesMissing(let missing):
            return french
                ? "l'environnement \(name) (Api: Graph) : le jeton Graph n'a pas \(missing.joined(separator: ", ")) ; ses cycles seront "
                    + "refusés. Collez la sortie de `prextra-sync manifest --api graph` dans le manifeste de l'inscription d'application "
                    + "et accordez le consentement administrateur."
                : "environment \(name) (Api: Graph): the Graph token lacks \(missing.joined(separator: ", ")); its cycles will be refused. "
                    + "Paste the output of `prextra-sync manifest --api graph` into the app registration's manifest and grant admin consent."
        case .graphTokenRefused(let problem):
            return french
                ? "l'environnement \(name) (Api: Graph) : aucun jeton Graph (\(problem)) ; ses cycles échoueront. Lancez `prextra-sync verify`."
                : "environment \(name) (Api: Graph): no Graph token (\(problem)); its cycles will fail. Run `prextra-sync verify`."
        }
    }

    /// Whether the environment's `EwsUrl` is Exchange Online: the host of its cloud's Exchange
    /// Online, or the `GraphUrl`'s host.
    public static func isExchangeOnline(_ environment: EnvironmentConfiguration) -> Bool {
        let host = environment.ewsURL.host?.lowercased()
        let cloud = EnvironmentIdentity.cloud(of: environment)
        return host == URL(string: cloud.exchangeOnlineResource)?.host?.lowercased() || host == environment.graphURL.host?.lowercased()
    }

    /// The line `serve`, `sync`, `status` and `verify` show: nil when there is nothing to do.
    public func notice(environment name: String, french: Bool = false) -> String? {
        switch reason {
        case .onPremises, .graphRolesGranted:
            return nil
        case .graphRolesMissing(let missing):
            return french
                ? "l'environnement \(name) (Api: Auto) passe par EWS : le jeton Graph n'a pas \(missing.joined(separator: ", ")). "
                    + Self.frenchSteps
                : "environment \(name) (Api: Auto) goes through EWS: the Graph token lacks \(missing.joined(separator: ", ")). "
                    + Self.englishSteps
        case .graphTokenRefused(let problem):
            return french
                ? "l'environnement \(name) (Api: Auto) passe par EWS : aucun jeton Graph (\(problem)). " + Self.frenchSteps
                : "environment \(name) (Api: Auto) goes through EWS: no Graph token (\(problem)). " + Self.englishSteps
        }
    }

    static let englishSteps =
        "Exchange Online stops EWS for every application on \(ewsEndOfLife). Paste the output of "
        + "`prextra-sync manifest --api graph` into the app registration's manifest (requiredResourceAccess), grant admin consent, "
        + "The running service asks again every hour and then moves the environment to Microsoft Graph by itself, writing nothing "
        + "(a restart moves it at once)."

    static let frenchSteps =
        "Exchange Online arrête EWS pour toutes les applications le \(ewsEndOfLife). Collez la sortie de "
        + "`prextra-sync manifest --api graph` dans le manifeste de l'inscription d'application (requiredResourceAccess), accordez "
        + "le consentement administrateur. Le service en marche vérifie à nouveau toutes les heures et fait alors passer l'environnement "
        + "de lui-même à Microsoft Graph, sans rien écrire (un redémarrage le fait aussitôt)."
}
