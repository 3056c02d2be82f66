import MicrosoftIdentity
import ServiceConfiguration

/// Extension point for the checks `verify` runs after the token: reaching the EWS endpoint and,
/// with `--mailbox`, opening that mailbox through impersonation (later, the Graph equivalents).
///
/// ``VerifyEWSMailboxCheck`` is registered in ``VerifyCommand/mailboxChecks(httpClient:language:)``.
protocol VerifyMailboxCheck: Sendable {
    /// A short name for the report, e.g. `ews-endpoint` or `impersonation`.
    var name: String { get }
    /// Runs the check with a working token provider. `mailbox` is the `--mailbox` value, if any.
    func run(environment: EnvironmentConfiguration, tokens: any AccessTokenProvider, mailbox: String?) async -> VerifyReport.Check
}
