import Foundation

/// How close a client secret or certificate is to its end date.
public enum CredentialExpiry: Sendable, Hashable {
    case valid(daysLeft: Int)
    /// Less than the warning window left: warn in the log, in status and in a metric.
    case expiringSoon(daysLeft: Int)
    /// Past its end date: token requests fail (AADSTS7000222 for a secret).
    case expired(daysAgo: Int)

    /// What kind of credential, for the message.
    public enum Credential: String, Sendable, Hashable {
        case clientSecret
        case certificate
    }

    /// Pure: classifies `expiresOn` against `now`. The default window is 30 days.
    public static func evaluate(expiresOn: Date, now: Date, warningWindow: TimeInterval = 30 * 86400) -> CredentialExpiry {
        let remaining = expiresOn.timeIntervalSince(now)
        if remaining <= 0 { return .expired(daysAgo: Int((-remaining / 86400).rounded(.down))) }
        let days = Int((remaining / 86400).rounded(.down))
        return remaining < warningWindow ? .expiringSoon(daysLeft: days) : .valid(daysLeft: days)
    }

    /// The diagnostic to report, or nil while the credential is comfortably valid.
    public func diagnostic(for credential: Credential, expiresOn: Date) -> IdentityDiagnostic? {
        let date = ISO8601DateFormatter.string(from: expiresOn, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        switch (self, credential) {
        case (.valid, _): return nil
        case (.expiringSoon(let days), .clientSecret):
            return IdentityDiagnostic(.clientSecretExpiringSoon, details: ["days": "\(days)", "date": date])
        case (.expiringSoon(let days), .certificate):
            return IdentityDiagnostic(.certificateExpiringSoon, details: ["days": "\(days)", "date": date])
        case (.expired, .clientSecret):
            return IdentityDiagnostic(.clientSecretExpired, details: ["date": date])
        case (.expired, .certificate):
            return IdentityDiagnostic(.certificateExpired, details: ["date": date])
        }
    }
}
