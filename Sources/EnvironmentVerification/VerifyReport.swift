import Foundation
import MicrosoftIdentity

/// What `prextra-sync verify` (and, next, the onboarding check) found for one environment, as JSON (`--json`) or text.
/// Built only from safe values: identifiers, roles, dates, diagnostics (never a secret or token).
public struct VerifyReport: Encodable, Sendable {
    public struct TokenSummary: Encodable, Sendable {
        public var audience: String?
        public var tenantId: String?
        public var appId: String?
        /// nil: the token has no `roles` claim.
        public var roles: [String]?
        public var expiresOn: Date
        public var inspectable: Bool
    }

    public struct Check: Encodable, Sendable {
        public enum Status: String, Encodable, Sendable { case passed, warning, failed, skipped }
        public var name: String
        public var status: Status
        public var detail: String

        public init(name: String, status: Status, detail: String) {
            self.name = name
            self.status = status
            self.detail = detail
        }
    }

    public struct Diagnostic: Encodable, Sendable {
        public var code: String
        public var severity: String
        public var upstreamCode: String?
        public var what: String
        public var cause: String
        public var fix: String
        public var correlationId: String?
        public var traceId: String?

        public init(_ diagnostic: IdentityDiagnostic, language: DiagnosticLanguage) {
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

    public var environment: String
    public var tenantId: String
    public var applicationId: String
    public var api: String
    public var resource: String
    public var authority: String
    /// The masked credential, as `config check` shows it.
    public var credential: String
    public var language: String
    /// `ClientSecretExpiresOn` or the certificate's notAfter, when known.
    public var credentialExpiresOn: Date?
    public var token: TokenSummary?
    public var checks: [Check] = []
    public var diagnostics: [Diagnostic] = []
    /// Kept for the text rendering; not encoded (the JSON has ``diagnostics``).
    public var rawDiagnostics: [IdentityDiagnostic] = []

    /// True when no check failed and no diagnostic is an error.
    public var succeeded: Bool {
        !checks.contains { $0.status == .failed } && !rawDiagnostics.contains { $0.severity == .error }
    }

    private enum CodingKeys: String, CodingKey {
        case environment, tenantId, applicationId, api, resource, authority, credential, language, credentialExpiresOn, token, checks, diagnostics, succeeded
    }

    public func encode(to encoder: any Encoder) throws {
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

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public func text(in language: DiagnosticLanguage) -> String {
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
