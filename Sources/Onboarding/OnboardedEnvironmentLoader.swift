import Foundation
import ServiceConfiguration
import SyncStore

/// Turns the environments customers enrolled through onboarding into environments the service
/// runs, as if the configuration file listed them: their credential opened with the secrets key,
/// Microsoft's endpoints (or the ones given, for the simulator). The configuration file wins on a
/// name clash, and the operator is told.
public struct OnboardedEnvironmentLoader: Sendable {
    public let sealer: CredentialSealer
    public var endpoints = MicrosoftEndpoints.global

    public init(sealer: CredentialSealer) {
        self.sealer = sealer
    }

    /// The runnable environments, and a notice for each one left out (shadowed by the file, or
    /// a credential that does not open).
    public func environments(_ onboarded: [OnboardedEnvironment], configured: [String]) -> (environments: [EnvironmentConfiguration], notices: [String]) {
        let taken = Set(configured.map { $0.lowercased() })
        var environments: [EnvironmentConfiguration] = []
        var notices: [String] = []
        for entry in onboarded {
            if taken.contains(entry.name.lowercased()) {
                notices.append(
                    "environment \(entry.name) was enrolled through onboarding, but the configuration file has an environment of that name: the file's is used.")
                continue
            }
            do {
                let plain = try sealer.open(entry.sealedCredential, environment: entry.name)
                environments.append(
                    EnvironmentConfiguration(
                        name: entry.name, tenantID: entry.tenantID, applicationID: entry.applicationID,
                        credential: try Self.credential(entry.credentialKind, plain),
                        clientSecretExpiresOn: entry.credentialKind == .secret ? entry.credentialExpiresAt : nil,
                        api: entry.api == "ews" ? .ews : .graph, ewsURL: endpoints.ewsURL, authority: endpoints.authority,
                        graphURL: endpoints.graphURL))
            } catch {
                notices.append("environment \(entry.name) was enrolled through onboarding, but is not synchronized: \(error)")
            }
        }
        return (environments, notices)
    }

    /// The sealed text of a certificate credential is a ``CertificateBundle``'s.
    static func credential(_ kind: OnboardedEnvironment.CredentialKind, _ plain: String) throws -> ServiceConfiguration.ClientCredential {
        switch kind {
        case .secret:
            return .secret(Secret(plain), source: .inline)
        case .certificate:
            let bundle = try CertificateBundle(text: plain)
            return .certificate(
                ServiceConfiguration.CertificateCredential(
                    certificatePEM: bundle.certificatePEM, privateKeyPEM: Secret(bundle.privateKeyPEM),
                    certificatePath: "(made by the service)", privateKeySource: .inline))
        }
    }
}
