import Foundation

/// Checks the URLs of the configuration: https, except plain http to a loopback host (tests,
/// the simulator), no credentials inside, a host present.
enum EndpointURLRule {
    static func isLoopbackHost(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.") || bare.hasSuffix(".localhost")
    }

    /// - Parameters:
    ///   - schemes: accepted secure schemes (`https`), `http` being accepted for loopback hosts only.
    ///   - echo: whether the URL may be repeated in messages (false for URLs that may carry passwords).
    static func validate(
        _ text: String, key: String, purpose: String, example: String, echo: Bool = true,
        into recorder: inout ProblemRecorder
    ) -> URL? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let shown = echo ? " (\"\(trimmed)\")" : ""
        let frenchPurpose = purpose.replacingOccurrences(of: "Entra ID authority", with: "de l'autorité Entra ID")
            .replacingOccurrences(of: "ERP webhook", with: "du webhook de l'ERP")
            .replacingOccurrences(of: "notification", with: "de notification")
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url
        else {
            recorder.error(
                .invalidURL, key: key,
                BilingualText("is not an absolute URL\(shown).", "n'est pas une URL absolue\(shown)."),
                fix: BilingualText("Write the full \(purpose) URL, e.g. \(example).",
                                   "Écrire l'URL complète \(frenchPurpose), par exemple \(example)."))
            return nil
        }
        if components.user != nil || components.password != nil {
            recorder.error(
                .invalidURL, key: key,
                BilingualText("contains a user name or password; credentials never go in this URL.",
                              "contient un nom d'utilisateur ou un mot de passe ; aucun identifiant ne va dans cette URL."),
                fix: BilingualText("Remove the user:password@ part.", "Retirer la partie utilisateur:motdepasse@."))
            return nil
        }
        switch scheme {
        case "https":
            return url
        case "http" where isLoopbackHost(host):
            return url
        case "http":
            recorder.error(
                .insecureURL, key: key,
                BilingualText(
                    "uses plain http to \(host)\(shown); tokens and mail would travel unencrypted. Plain http is accepted only for loopback hosts (tests, the simulator).",
                    "utilise http sans chiffrement vers \(host)\(shown) ; jetons et courriels circuleraient en clair. http n'est accepté que vers l'hôte local (tests, simulateur)."),
                fix: BilingualText("Use https, e.g. \(example).", "Utiliser https, par exemple \(example)."))
            return nil
        default:
            recorder.error(
                .invalidURL, key: key,
                BilingualText("uses the scheme \(scheme)\(shown), expected https.", "utilise le schéma \(scheme)\(shown) au lieu de https."),
                fix: BilingualText("Write an https URL, e.g. \(example).", "Écrire une URL https, par exemple \(example)."))
            return nil
        }
    }

    /// The URL without trailing slashes: hosts are joined with paths later, and a trailing
    /// slash would double it.
    static func withoutTrailingSlash(_ url: URL) -> URL {
        var string = url.absoluteString
        while string.hasSuffix("/") { string.removeLast() }
        return URL(string: string) ?? url
    }
}
