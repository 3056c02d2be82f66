/// Something an operator should know about an environment's identity setup: what happened,
/// the likely cause and the fix, in English or French.
///
/// Diagnostics never contain a secret or token; `details` holds only identifiers
/// (tenant, client id, resource, roles, dates, correlation ids).
public struct IdentityDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable, Codable {
        case invalidClientSecret
        case clientSecretIdInsteadOfValue
        case clientSecretExpired
        case clientSecretExpiringSoon
        case missingClientSecret
        case applicationNotFound
        case applicationDisabled
        case tenantNotFound
        case tenantInOtherCloud
        case malformedTenant
        case tenantNotSpecific
        case invalidScope
        case resourceNotInTenant
        case conditionalAccessBlocked
        case certificateRejected
        case clientAssertionRejected
        case certificateExpired
        case certificateExpiringSoon
        case clientRejected
        case requestRejected
        case throttled
        case identityPlatformUnavailable
        case authorityUnreachable
        case unexpectedResponse
        case tokenWithoutRoles
        case tokenMissingRoles
        case tokenNotInspectable

        /// Warnings leave the environment working; errors stop it.
        public var defaultSeverity: Severity {
            switch self {
            case .clientSecretExpiringSoon, .certificateExpiringSoon, .tokenNotInspectable, .throttled: .warning
            default: .error
            }
        }
    }

    public enum Severity: String, Sendable, Hashable, Codable {
        case warning
        case error
    }

    public var code: Code
    public var severity: Severity
    /// The upstream code, e.g. `AADSTS7000215`, when Entra ID gave one.
    public var upstreamCode: String?
    /// Identifiers the texts refer to: `tenant`, `client`, `resource`, `authority`, `roles`,
    /// `missing`, `days`, `date`, `thumbprint`, `correlation`, `trace`, `summary`.
    public var details: [String: String]

    public init(_ code: Code, severity: Severity? = nil, upstreamCode: String? = nil, details: [String: String] = [:]) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.upstreamCode = upstreamCode
        self.details = details
    }

    /// What happened, why, and what to do, in `language`.
    public func text(in language: DiagnosticLanguage) -> DiagnosticText {
        switch language {
        case .english: DiagnosticCatalog.english(self)
        case .french: DiagnosticCatalog.french(self)
        }
    }

    /// A few lines for a terminal or a log: severity, code, what, cause, fix, support ids.
    public func rendered(in language: DiagnosticLanguage) -> String {
        let text = text(in: language)
        let labels = language == .french
            ? (severity == .error ? "ERREUR" : "AVERTISSEMENT", "Cause probable", "Correctif", "Identifiants pour le support Microsoft")
            : (severity == .error ? "ERROR" : "WARNING", "Likely cause", "Fix", "Ids for Microsoft support")
        var lines = ["[\(labels.0)] \(upstreamCode.map { "\($0) " } ?? "")\(text.what)"]
        lines.append("  \(labels.1): \(text.cause)")
        lines.append("  \(labels.2): \(text.fix)")
        if let correlation = details["correlation"] {
            lines.append("  \(labels.3): correlation \(correlation)\(details["trace"].map { ", trace \($0)" } ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    public var description: String { rendered(in: .english) }
}

/// The three parts of a diagnostic message.
public struct DiagnosticText: Sendable, Hashable, Codable {
    public var what: String
    public var cause: String
    public var fix: String
}
