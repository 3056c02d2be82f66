import AsyncHTTPClient
import Foundation
import MicrosoftGraph
import MicrosoftIdentity
import ServiceConfiguration

/// `verify`'s Graph check: with the token just acquired, open a mailbox's calendar, contact folders
/// and To Do lists through Microsoft Graph (what the Graph connector synchronizes), and say what stands
/// in the way, in French or in English: a mailbox Graph cannot reach
/// (`MailboxNotEnabledForRESTAPI`), a role or an application access policy that refuses it, a
/// token Graph rejects, no default To Do list.
///
/// The mailbox is `--mailbox`, else the first of the environment's `Mailboxes`; with neither, the
/// check is skipped (Graph has no probe address that proves anything).
public struct VerifyGraphMailboxCheck: VerifyMailboxCheck {
    public var httpClient: HTTPClient
    public var language: DiagnosticLanguage

    public init(httpClient: HTTPClient, language: DiagnosticLanguage) {
        self.httpClient = httpClient
        self.language = language
    }
    public var name: String { "graph" }

    public func run(environment: EnvironmentConfiguration, tokens: any AccessTokenProvider, mailbox: String?) async -> VerifyReport.Check {
        guard environment.api == .graph else {
            return .init(name: name, status: .skipped, detail: fr ? "environnement EWS : pas de Graph" : "EWS environment: no Graph")
        }
        guard let address = mailbox ?? environment.mailboxes.first else {
            return .init(
                name: name, status: .skipped,
                detail: fr ? "aucune boîte à ouvrir (donnez --mailbox ou Mailboxes)" : "no mailbox to open (give --mailbox or Mailboxes)")
        }
        var configuration = GraphClientConfiguration(baseURL: environment.graphURL.appendingPathComponent("v1.0"))
        configuration.retryPolicy = .none
        configuration.requestTimeout = .seconds(15)
        let client = GraphClient(configuration: configuration, httpClient: httpClient, tokenProvider: tokens)
        do {
            let calendar = try await client.defaultCalendar(mailbox: address)
            guard calendar.canEdit != false else {
                return .init(
                    name: name, status: .failed,
                    detail: fr
                        ? "le calendrier de \(address) est en lecture seule pour l'application : accordez Calendars.ReadWrite (et non Calendars.Read) avec le consentement administrateur."
                        : "the calendar of \(address) is read-only to the application: grant Calendars.ReadWrite (not Calendars.Read) with admin consent.")
            }
            let folders = try await client.contactFolders(mailbox: address)
            let lists = try await client.todoTaskLists(mailbox: address)
            guard lists.contains(where: { $0.wellknownListName == .defaultList }) else {
                return .init(
                    name: name, status: .failed,
                    detail: fr
                        ? "\(address) n'a pas de liste To Do par défaut : ouvrez To Do ou les tâches d'Outlook une fois en tant qu'utilisateur."
                        : "\(address) has no default To Do list: open To Do or Outlook's tasks once as the user.")
            }
            return .init(
                name: name, status: .passed,
                detail: fr
                    ? "\(environment.graphURL.absoluteString) : le calendrier, les contacts (\(folders.count) sous-dossier(s)) et les \(lists.count) liste(s) To Do de \(address) s'ouvrent"
                    : "\(environment.graphURL.absoluteString): the calendar, the contacts (\(folders.count) subfolder(s)) and the \(lists.count) To Do list(s) of \(address) open")
        } catch let error as GraphError {
            return outcome(of: error, address: address, graph: environment.graphURL)
        } catch {
            return .init(name: name, status: .failed, detail: (fr ? "Graph injoignable : " : "Graph unreachable: ") + "\(error)")
        }
    }

    private var fr: Bool { language == .french }

    private func outcome(of error: GraphError, address: String, graph: URL) -> VerifyReport.Check {
        let request = error.requestID.map { " (request-id \($0))" } ?? ""
        func failed(_ english: String, _ french: String) -> VerifyReport.Check {
            .init(name: name, status: .failed, detail: (fr ? french : english) + request)
        }
        switch error.kind {
        case .mailboxNotEnabledForREST:
            return failed(
                "Graph cannot reach \(address) (MailboxNotEnabledForRESTAPI): the mailbox is inactive, soft-deleted, unlicensed or on-premises. License it or move it to Exchange Online, or keep this environment on \"Api\": \"Ews\".",
                "Graph ne peut pas atteindre \(address) (MailboxNotEnabledForRESTAPI) : la boîte est inactive, supprimée, sans licence ou locale. Attribuez-lui une licence ou migrez-la vers Exchange Online, ou gardez cet environnement en \"Api\": \"Ews\".")
        case .accessDenied:
            return failed(
                "Graph refuses access to \(address) (HTTP 403): grant Calendars.ReadWrite, Contacts.ReadWrite and Tasks.ReadWrite.All (prextra-sync manifest --api graph) with admin consent, and check that no application access policy or RBAC for Applications scope excludes this mailbox.",
                "Graph refuse l'accès à \(address) (HTTP 403) : accordez Calendars.ReadWrite, Contacts.ReadWrite et Tasks.ReadWrite.All (prextra-sync manifest --api graph) avec le consentement administrateur, et vérifiez qu'aucune stratégie d'accès d'application ni étendue RBAC for Applications n'exclut cette boîte.")
        case .unauthorized:
            return failed(
                "\(graph.absoluteString) rejects the token (HTTP 401): the token must be for the Graph host of the tenant's cloud (Authority and GraphUrl of the same cloud).",
                "\(graph.absoluteString) rejette le jeton (HTTP 401) : le jeton doit être émis pour l'hôte Graph du cloud du locataire (Authority et GraphUrl du même cloud).")
        case .itemNotFound:
            return failed(
                "\(address) does not exist in this tenant: check the address (its primary SMTP address).",
                "\(address) n'existe pas dans ce locataire : vérifiez l'adresse (son adresse SMTP principale).")
        default:
            return failed(
                "Graph answered \(error.code ?? "an error") for \(address): \(error.message) \(error.remedy)",
                "Graph a répondu \(error.code ?? "une erreur") pour \(address) : \(error.message)")
        }
    }
}
