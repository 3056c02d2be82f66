import MicrosoftIdentity
import ServiceConfiguration

/// Extension point for the checks `verify` runs after the token: reaching the EWS endpoint and
/// opening a mailbox through impersonation, or opening a mailbox's contacts and To Do lists
/// through Graph.
///
/// ``VerifyEWSMailboxCheck`` and ``VerifyGraphMailboxCheck`` are registered in
/// ``EnvironmentVerifier/mailboxChecks(httpClient:language:)``; each skips the other API's environments.
public protocol VerifyMailboxCheck: Sendable {
    /// A short name for the report, e.g. `ews-endpoint` or `impersonation`.
    var name: String { get }
    /// Runs the check with a working token provider. `mailbox` is the `--mailbox` value, if any.
    func run(environment: EnvironmentConfiguration, tokens: any AccessTokenProvider, mailbox: String?) async -> VerifyReport.Check
}
