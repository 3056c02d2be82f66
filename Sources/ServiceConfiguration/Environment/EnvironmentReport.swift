import Foundation

/// What the loader found in one entry of the `Exchange` list, valid or not.
///
/// Everything here is safe to display: identifiers are not secrets, and the credential is
/// described in masked form only.
public struct EnvironmentReport: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case valid
        /// Usable, with warnings.
        case warning
        /// Not usable: at least one error. The service runs without it.
        case invalid
    }

    /// Zero-based position in the `Exchange` list.
    public let position: Int
    /// The `Environment` name, when given.
    public let name: String?
    /// The API, when readable (`Ews` when not given).
    public let api: ExchangeAPI?
    /// `TenantId`, normalized, when it is valid. An invalid value is not repeated: it may be a
    /// secret pasted into the wrong key.
    public let tenantID: String?
    /// `ApplicationId`, normalized, when it is valid (same reason).
    public let applicationID: String?
    /// `secret`, `certificate`, or nil when no usable credential was found.
    public let credentialKind: String?
    /// Masked credential, e.g. `secret abc…(40 chars) (variable PRX_SECRET)`.
    public let credentialDescription: String?
    public let problems: [ConfigurationProblem]
    /// The validated environment; nil when there is an error.
    public let configuration: EnvironmentConfiguration?

    public init(
        position: Int, name: String?, api: ExchangeAPI?, tenantID: String?, applicationID: String?,
        credentialKind: String?, credentialDescription: String?, problems: [ConfigurationProblem],
        configuration: EnvironmentConfiguration?
    ) {
        self.position = position
        self.name = name
        self.api = api
        self.tenantID = tenantID
        self.applicationID = applicationID
        self.credentialKind = credentialKind
        self.credentialDescription = credentialDescription
        self.problems = problems
        self.configuration = configuration
    }

    /// The name, or `Exchange[2]` when the entry has none.
    public var label: String { name ?? ConfigurationLocation.exchangePath(position) }

    public var status: Status {
        if configuration == nil || problems.contains(where: { $0.severity == .error }) { return .invalid }
        return problems.isEmpty ? .valid : .warning
    }
}
