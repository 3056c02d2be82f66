import AsyncHTTPClient
import ExchangeWebServices
import Foundation
import MicrosoftIdentity
import ServiceConfiguration

/// `verify`'s EWS check: with the token just acquired, reach the environment's EWS endpoint and
/// open a mailbox through impersonation (GetFolder of its calendar).
///
/// The mailbox is `--mailbox`, else the first of the environment's `Mailboxes`. With neither, a
/// probe address that cannot exist is impersonated: Exchange then answers
/// `ErrorNonExistentMailbox`, which proves the endpoint accepted the token and the role, and only
/// the mailbox part is left unchecked.
public struct VerifyEWSMailboxCheck: VerifyMailboxCheck {
    public var httpClient: HTTPClient
    public var language: DiagnosticLanguage

    public init(httpClient: HTTPClient, language: DiagnosticLanguage) {
        self.httpClient = httpClient
        self.language = language
    }
    public var name: String { "ews" }

    public static let probeLocalPart = "prextra-sync-verify-probe"

    public func run(environment: EnvironmentConfiguration, tokens: any AccessTokenProvider, mailbox: String?) async -> VerifyReport.Check {
        guard environment.api == .ews else {
            return .init(name: name, status: .skipped, detail: fr ? "environnement Graph : pas d'EWS" : "Graph environment: no EWS")
        }
        let target = mailbox ?? environment.mailboxes.first
        let address = target ?? "\(Self.probeLocalPart)@\(probeDomain(environment))"
        let client = ExchangeWebServicesClient(
            configuration: EWSClientConfiguration(
                endpoint: environment.ewsURL,
                serverVersion: ExchangeWebServices.ExchangeServerVersion(rawValue: environment.exchangeVersion.rawValue),
                requestTimeout: .seconds(15), retryPolicy: .none),
            tokenProvider: tokens, httpClient: httpClient)
        do {
            _ = try await client.getFolder(.distinguished(.calendar), mailbox: address)
            return .init(
                name: name, status: .passed,
                detail: fr
                    ? "\(environment.ewsURL.absoluteString) : le calendrier de \(address) s'ouvre par emprunt d'identité"
                    : "\(environment.ewsURL.absoluteString): the calendar of \(address) opens through impersonation")
        } catch let error as EWSError {
            return outcome(of: error, address: address, probed: target == nil, endpoint: environment.ewsURL)
        } catch {
            return .init(name: name, status: .failed, detail: (fr ? "EWS injoignable : " : "EWS unreachable: ") + "\(error)")
        }
    }

    private var fr: Bool { language == .french }

    /// A domain for the probe address: the tenant's, when the configuration names it by domain.
    private func probeDomain(_ environment: EnvironmentConfiguration) -> String {
        environment.tenantID.contains(".") ? environment.tenantID : "invalid.example"
    }

    private func outcome(of error: EWSError, address: String, probed: Bool, endpoint: URL) -> VerifyReport.Check {
        let request = error.clientRequestID.map { " (client-request-id \($0))" } ?? ""
        func failed(_ english: String, _ french: String) -> VerifyReport.Check {
            .init(name: name, status: .failed, detail: (fr ? french : english) + request)
        }
        switch (error.kind, error.code) {
        case (_, .errorNonExistentMailbox?) where probed:
            return .init(
                name: name, status: .warning,
                detail: fr
                    ? "\(endpoint.absoluteString) accepte le jeton ; aucune boîte à ouvrir (donnez --mailbox pour vérifier l'emprunt d'identité)"
                    : "\(endpoint.absoluteString) accepts the token; no mailbox to open (give --mailbox to check impersonation)")
        case (_, .errorNonExistentMailbox?):
            return failed(
                "\(address) does not exist in this tenant: check the address (its primary SMTP address) and that the mailbox is in tenant, not another one.",
                "\(address) n'existe pas dans ce locataire : vérifiez l'adresse (son adresse SMTP principale) et que la boîte appartient bien à ce locataire.")
        case (_, .errorImpersonateUserDenied?), (_, .errorImpersonationFailed?):
            return failed(
                "Exchange refuses to let the app act as \(address): grant full_access_as_app with admin consent, and check that no application access policy or RBAC management scope excludes this mailbox.",
                "Exchange refuse que l'application agisse pour \(address) : accordez full_access_as_app avec le consentement administrateur, et vérifiez qu'aucune stratégie d'accès d'application ni étendue RBAC n'exclut cette boîte.")
        case (.ewsRefusedToApplication, _):
            return failed(
                EWSError.ewsRetirementRemedy,
                "Exchange Online refuse EWS à cette application : depuis le 2026-10-01, seules les applications inscrites dans EWSAllowedAppIDs du locataire y ont droit, et aucune après le 2027-04-01. Passez l'environnement à Microsoft Graph : accordez les autorisations de `prextra-sync manifest --api graph` avec le consentement administrateur, puis réglez \"Api\": \"Auto\" (ou \"Graph\"). En attendant, l'administrateur du locataire peut ajouter l'application à EWSAllowedAppIDs (Set-OrganizationConfig), ce qui vaut jusqu'au 2027-04-01.")
        case (_, .errorAccessDenied?), (.forbidden, _):
            return failed(
                "Exchange denies access (HTTP \(error.httpStatus.map(String.init) ?? "-")): an application access policy or an EWS block list (EwsApplicationAccessPolicy) excludes this app or mailbox.",
                "Exchange refuse l'accès (HTTP \(error.httpStatus.map(String.init) ?? "-")) : une stratégie d'accès d'application ou une liste de blocage EWS (EwsApplicationAccessPolicy) exclut cette application ou cette boîte.")
        case (.unauthorized, _):
            return failed(
                "\(endpoint.absoluteString) rejects the token (HTTP 401): the token's audience must be the EWS host's (Authority and EwsUrl of the same cloud), with the full_access_as_app role.",
                "\(endpoint.absoluteString) rejette le jeton (HTTP 401) : l'audience du jeton doit être celle de l'hôte EWS (Authority et EwsUrl du même cloud), avec le rôle full_access_as_app.")
        case (.transport, _), (.httpStatus, _), (.malformedResponse, _):
            return failed(
                "\(endpoint.absoluteString) does not answer as an EWS endpoint: \(error.message). Check EwsUrl (it ends in /EWS/Exchange.asmx) and that the server is reachable from here.",
                "\(endpoint.absoluteString) ne répond pas comme un point EWS : \(error.message). Vérifiez EwsUrl (il se termine par /EWS/Exchange.asmx) et que le serveur est joignable d'ici.")
        default:
            return failed("EWS answered \(error.code?.rawValue ?? "an error"): \(error.message)", "EWS a répondu \(error.code?.rawValue ?? "une erreur") : \(error.message)")
        }
    }
}
