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
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url
        else {
            recorder.error(
                .invalidURL, key: key, "is not an absolute URL\(shown).",
                fix: "Write the full \(purpose) URL, e.g. \(example).")
            return nil
        }
        if components.user != nil || components.password != nil {
            recorder.error(
                .invalidURL, key: key, "contains a user name or password; credentials never go in this URL.",
                fix: "Remove the user:password@ part.")
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
                "uses plain http to \(host)\(shown); tokens and mail would travel unencrypted. Plain http is accepted only for loopback hosts (tests, the simulator).",
                fix: "Use https, e.g. \(example).")
            return nil
        default:
            recorder.error(
                .invalidURL, key: key, "uses the scheme \(scheme)\(shown), expected https.",
                fix: "Write an https URL, e.g. \(example).")
            return nil
        }
    }
}
