import Crypto
import Foundation

/// Seals the credentials customers give through onboarding before they reach the store, and
/// opens them for the service: AES-256-GCM with the service's secrets key
/// (`PrextraSync:SecretsKeyFile` or `SecretsKeyVariable`), the environment's name as associated
/// data, so that a sealed credential moved to another environment's row does not open.
public struct CredentialSealer: Sendable {
    private let key: SymmetricKey

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The key is not 32 bytes of base64.
        case invalidKey
        /// The sealed value was made with another key, for another environment, or altered.
        case cannotOpen(environment: String)

        public var description: String {
            switch self {
            case .invalidKey:
                return "PrextraSync:SecretsKey is not 32 bytes written in base64 (openssl rand -base64 32)."
            case .cannotOpen(let environment):
                return "The stored credential of environment '\(environment)' does not open with this service's secrets key "
                    + "(PrextraSync:SecretsKey): the key changed, or the store was copied from another installation. "
                    + "Restore the key, or onboard the environment again."
            }
        }
    }

    /// - Parameter base64Key: 32 bytes, base64.
    public init(base64Key: String) throws(Failure) {
        guard let bytes = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw .invalidKey
        }
        key = SymmetricKey(data: bytes)
    }

    public func seal(_ credential: String, environment: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(credential.utf8), using: key, authenticating: Data(environment.utf8)).combined else {
            throw Failure.invalidKey
        }
        return combined
    }

    public func open(_ sealed: Data, environment: String) throws(Failure) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: key, authenticating: Data(environment.utf8))
            guard let text = String(data: plain, encoding: .utf8) else { throw Failure.cannotOpen(environment: environment) }
            return text
        } catch {
            throw .cannotOpen(environment: environment)
        }
    }
}
