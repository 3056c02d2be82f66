import Foundation
import MicrosoftIdentity

/// What `prextra-sync verify` found for one environment, as JSON (`--json`) or text.
/// Built only from safe values: identifiers, roles, dates, diagnostics (never a secret or token).
struct VerifyReport: Encodable, Sendable {
    struct TokenSummary: Encodable, Sendable {
        var audience: String?
        var tenantId: String?
        var appId: String?
        /// nil: the token has no `roles` claim.
        var roles: [String]?
        var expiresOn: Date
        var inspectable: Bool
    }

    struct Check: Encodable, Sendable {
        enum Status: String, Encodable, Sendable { case passed, warning, failed, skipped }
        var name: String
        var status: Status
        var detail: String
    }

    struct Diagnostic: Encodable, Sendable {
        var code: String
        var severity: String
        var upstreamCode: String?
        var what: String
        var cause: String
        var fix: String
        var correlationId: String?
        var traceId: String?

        init(_ diagnostic: IdentityDiagnostic, language: DiagnosticLanguage) {
            let text = diagnostic.text(in: language)
            code = diagnostic.code.rawValue
            severity = diagnostic.severity.rawValue
            upstreamCode = diagnostic.upstreamCode
            what = text.what
            cause = text.cause
            fix = text.fix
            correlationId = diagnostic.details["correlation"]
            traceId = diagnostic.details["trace"]
        }
    }

    var environment: String
    var tenantId: String
    var applicationId: String
    var api: String
    var resource: String
    var authority: String
    /// The masked credential, as `config check` shows it.
    var credential: String
    var language: String
    /// `ClientSecretExpiresOn` or the certificate's notAfter, when known.
    var credentialExpiresOn: Date?
    var token: TokenSummary?
    var checks: [Check] = []
    var diagnostics: [Diagnostic] = []
    /// Kept for the text rendering; not encoded (the JSON has ``diagnostics``).
    var rawDiagnostics: [IdentityDiagnostic] = []

    /// True when no check failed and no diagnostic is an error.
    var succeeded: Bool {
        !checks.contains { $0.status == .failed } && !rawDiagnostics.contains { $0.severity == .error }
    }

    private enum CodingKeys: String, CodingKey {
        case environment, tenantId, applicationId, api, resource, authority, credential, language, credentialExpiresOn, token, checks, diagnostics, succeeded
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(environment, forKey: .environment)
        try c.encode(tenantId, forKey: .tenantId)
        try c.encode(applicationId, forKey: .applicationId)
        try c.encode(api, forKey: .api)
        try c.encode(resource, forKey: .resource)
        try c.encode(authority, forKey: .authority)
        try c.encode(credential, forKey: .credential)
        try c.encode(language, forKey: .language)
        try c.encodeIfPresent(credentialExpiresOn, forKey: .credentialExpiresOn)
        try c.encodeIfPresent(token, forKey: .token)
        try c.encode(checks, forKey: .checks)
        try c.encode(diagnostics, forKey: .diagnostics)
        try c.encode(succeeded, forKey: .succeeded)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text(in language: DiagnosticLanguage) -> String {
        let fr = language == .french
        var lines: [String] = []
        lines.append((fr ? "Environnement " : "Environment ") + "\(environment) — \(api), tenant \(tenantId), app \(applicationId)")
        lines.append("  \(fr ? "Autorité" : "Authority"): \(authority)   \(fr ? "Ressource" : "Resource"): \(resource)")
        lines.append("  \(fr ? "Identifiant" : "Credential"): \(credential)"
            + (credentialExpiresOn.map { " — \(fr ? "expire le" : "expires") \(ISO8601DateFormatter.string(from: $0, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate]))" } ?? ""))
        if let token {
            let expiry = ISO8601DateFormatter().string(from: token.expiresOn)
            lines.append("  \(fr ? "Jeton" : "Token"): \(fr ? "expire le" : "expires") \(expiry); aud \(token.audience ?? "?"); tid \(token.tenantId ?? "?")")
            let roles = token.roles.map { $0.isEmpty ? "[]" : $0.joined(separator: ", ") } ?? (fr ? "(aucune revendication roles)" : "(no roles claim)")
            lines.append("  Roles: \(token.inspectable ? roles : (fr ? "(jeton illisible)" : "(token not inspectable)"))")
        }
        for check in checks {
            let mark = switch check.status {
            case .passed: "✔"
            case .warning: "!"
            case .failed: "✘"
            case .skipped: "-"
            }
            lines.append("  \(mark) \(check.name): \(check.detail)")
        }
        for diagnostic in rawDiagnostics {
            lines.append("")
            lines.append(diagnostic.rendered(in: language))
        }
        lines.append("")
        lines.append(succeeded
            ? (fr ? "RÉSULTAT : l'environnement \(environment) est prêt." : "RESULT: environment \(environment) is ready.")
            : (fr ? "RÉSULTAT : l'environnement \(environment) n'est pas prêt." : "RESULT: environment \(environment) is not ready."))
        return lines.joined(separator: "\n")
    }
}
