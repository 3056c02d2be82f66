/// Environments known to the store.
public protocol EnvironmentStore: Sendable {
    /// Registers the environment, or records its new configuration fingerprint.
    /// - Returns: whether the environment is new, unchanged, or seen with another fingerprint.
    @discardableResult
    func registerEnvironment(_ name: String, configFingerprint: String?) async throws -> EnvironmentRegistration

    func environment(_ name: String) async throws -> StoredEnvironment?
    func environments() async throws -> [StoredEnvironment]

    /// Records the API the service reaches the environment through, replacing the last choice.
    func recordAPIChoice(environment: String, _ choice: StoredAPIChoice) async throws

    /// Turns the webhook outbox on or off for the environment's future Outlook changes.
    func setWebhookDelivery(environment: String, enabled: Bool) async throws
}

/// What ``EnvironmentStore/registerEnvironment(_:configFingerprint:)`` found.
public enum EnvironmentRegistration: Sendable, Hashable {
    case new
    case unchanged
    /// The configuration changed since the last registration.
    case changed(previousFingerprint: String?)
}
