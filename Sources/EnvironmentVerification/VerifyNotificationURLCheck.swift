import AsyncHTTPClient
import Foundation
import MicrosoftIdentity
import NIOCore
import NIOSSL
import ServiceConfiguration

/// `verify`'s check of a Graph environment's `Notifications:Url`: the same validation handshake
/// Microsoft Graph performs before it creates a subscription. It POSTs to the URL with
/// `?validationToken=` (a token with spaces and colons, percent-encoded, as Graph's are) and
/// expects 200, `text/plain`, the decoded token, within 10 seconds.
///
/// A URL the configuration refused (not https, missing…) is a failed check naming the key and
/// its fix. Either way the environment keeps synchronizing by polling: this check says only
/// whether Outlook changes will arrive in seconds.
public struct VerifyNotificationURLCheck: Sendable {
    public static let name = "notifications"
    /// Graph's limit for the handshake.
    public static let handshakeDeadline: Duration = .seconds(10)

    public var httpClient: HTTPClient
    public var language: DiagnosticLanguage
    public var deadline: Duration = handshakeDeadline

    /// nil when there is nothing to check: an EWS environment without `Notifications`, or a
    /// Graph environment that relies on polling only.
    public func run(environment: EnvironmentConfiguration, configurationProblems: [ConfigurationProblem]) async -> VerifyReport.Check? {
        let problems = configurationProblems.filter { $0.key.hasPrefix("Notifications:") || $0.key == "Notifications" }
        guard environment.notifications != nil || !problems.isEmpty else { return nil }
        guard environment.api == .graph else {
            return check(
                .skipped,
                "EWS environment: streaming notifications are outbound only and need no Notifications section",
                "environnement EWS : les notifications en continu sont sortantes et n'ont besoin d'aucune section Notifications")
        }
        // The section was refused: say why, with the configuration's own words and fix.
        if environment.notifications == nil, let problem = problems.first(where: { $0.key == "Notifications:Url" }) ?? problems.first {
            let fr = language == .french
            return VerifyReport.Check(
                name: Self.name, status: .failed,
                detail: "\(problem.key) "
                    + (fr
                        ? "\(problem.localizedMessage.french) Correction : \(problem.localizedFix.french)"
                        : "\(problem.localizedMessage.english) Fix: \(problem.localizedFix.english)"))
        }
        guard let url = environment.notifications?.url else { return nil }
        return await handshake(with: url)
    }

    /// A token like Graph's: words, spaces and colons, unique to this run.
    public static func makeValidationToken() -> String {
        "Validation: prextra-sync verify reachability check Request-Id: \(UUID().uuidString.lowercased())"
    }

    /// The URL Graph would call: the configured one with `validationToken` appended, every
    /// character but letters and digits percent-encoded.
    public static func handshakeURL(_ url: URL, token: String) -> String {
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
        return url.absoluteString + (url.query == nil ? "?" : "&") + "validationToken=" + encoded
    }

    public func handshake(with url: URL) async -> VerifyReport.Check {
        let token = Self.makeValidationToken()
        var post = HTTPClientRequest(url: Self.handshakeURL(url, token: token))
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        let request = post
        let address = url.absoluteString
        let answer: HandshakeAnswer
        do {
            answer = try await withResponseBodyDeadline(deadline) { [httpClient, request, deadline] in
                let response = try await httpClient.execute(request, timeout: .seconds(deadline.components.seconds + 1))
                let body = try await response.body.collect(upTo: 64 * 1024)
                return HandshakeAnswer(
                    status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                    body: String(buffer: body))
            }
        } catch {
            return unreachable(address, error)
        }
        return judge(answer, token: token, address: address)
    }

    private struct HandshakeAnswer: Sendable {
        var status: Int
        var contentType: String?
        var body: String
    }

    private func judge(_ answer: HandshakeAnswer, token: String, address: String) -> VerifyReport.Check {
        switch answer.status {
        case 200:
            break
        case 404:
            return check(
                .failed,
                "\(address) answered 404: it does not reach prextra-sync's notification route (or this process keeps no Graph subscriptions). Point Notifications:Url at the /v1/notifications/graph route of `prextra-sync serve`, and check that the reverse proxy forwards that path unchanged.",
                "\(address) a répondu 404 : l'adresse n'atteint pas la route de notification de prextra-sync (ou ce processus ne tient aucun abonnement Graph). Faites pointer Notifications:Url vers la route /v1/notifications/graph de `prextra-sync serve` et vérifiez que le proxy inverse transmet ce chemin tel quel.")
        default:
            return check(
                .failed,
                "\(address) answered HTTP \(answer.status) instead of 200: Graph would refuse to create the subscriptions. Check that the reverse proxy forwards POST /v1/notifications/graph to `prextra-sync serve` without authentication.",
                "\(address) a répondu HTTP \(answer.status) au lieu de 200 : Graph refuserait de créer les abonnements. Vérifiez que le proxy inverse transmet POST /v1/notifications/graph à `prextra-sync serve` sans authentification.")
        }
        guard answer.body == token else {
            return check(
                .failed,
                "\(address) answered 200 but not with the validation token: Graph would refuse the subscriptions. Point Notifications:Url at prextra-sync's /v1/notifications/graph route, not at another application, and check that nothing rewrites the answer.",
                "\(address) a répondu 200 mais pas avec le jeton de validation : Graph refuserait les abonnements. Faites pointer Notifications:Url vers la route /v1/notifications/graph de prextra-sync, et non vers une autre application, et vérifiez que rien ne réécrit la réponse.")
        }
        guard answer.contentType?.lowercased().hasPrefix("text/plain") == true else {
            return check(
                .failed,
                "\(address) echoed the token as \(answer.contentType ?? "no content type") instead of text/plain: Graph would refuse the subscriptions. Check that the reverse proxy keeps the Content-Type of the answer.",
                "\(address) a renvoyé le jeton en \(answer.contentType ?? "sans type de contenu") au lieu de text/plain : Graph refuserait les abonnements. Vérifiez que le proxy inverse garde le Content-Type de la réponse.")
        }
        return check(
            .passed,
            "\(address) answered Graph's validation handshake",
            "\(address) a répondu à la validation de Graph")
    }

    private func unreachable(_ address: String, _ error: any Error) -> VerifyReport.Check {
        if error is ResponseBodyTimeout || (error as? HTTPClientError).map({ [.deadlineExceeded, .readTimeout, .connectTimeout].contains($0) }) == true {
            let seconds = deadline.components.seconds
            return check(
                .failed,
                "\(address) timed out: no answer within \(seconds) s, Graph's limit for the validation handshake. Check that the reverse proxy forwards /v1/notifications/graph to `prextra-sync serve` and that the service is not overloaded.",
                "\(address) n'a pas répondu dans les \(seconds) s que Graph accorde à la validation. Vérifiez que le proxy inverse transmet /v1/notifications/graph à `prextra-sync serve` et que le service n'est pas surchargé.")
        }
        let cause = TransportFailureDescription.describe(error, deadline: deadline)
        if error is NIOSSLError || error is BoringSSLError {
            return check(
                .failed,
                "\(address) could not be reached over TLS (\(cause)): Graph requires a certificate from a public authority, valid for this host name.",
                "\(address) est injoignable en TLS (\(cause)) : Graph exige un certificat d'une autorité publique, valide pour ce nom d'hôte.")
        }
        return check(
            .failed,
            "nothing answers at \(address) (\(cause)): start `prextra-sync serve` first, or check that the reverse proxy forwards to /v1/notifications/graph and that the host name resolves to it.",
            "rien ne répond à \(address) (\(cause)) : démarrez d'abord `prextra-sync serve`, ou vérifiez que le proxy inverse transmet vers /v1/notifications/graph et que le nom d'hôte le désigne.")
    }

    private func check(_ status: VerifyReport.Check.Status, _ english: String, _ french: String) -> VerifyReport.Check {
        VerifyReport.Check(name: Self.name, status: status, detail: language == .french ? french : english)
    }
}
