import Foundation
import MicrosoftIdentity
import SyncStore

extension OnboardingSubmission {
    /// Makes the certificate a usable invitation's customer will upload (the guide's
    /// recommended credential), and keeps it sealed with its private key until the submit;
    /// a second one replaces the first. Nil when the link cannot be used.
    public func makeCertificate(token: String) async throws -> GeneratedCertificate? {
        guard let invitation = try await invitation(token: token) else { return nil }
        let certificate = try GeneratedCertificate.make(environment: invitation.environment, now: clock())
        let sealed = try sealer.seal(CertificateBundle(certificate).text, environment: invitation.environment)
        guard try await store.savePendingCertificate(sealed, invitationDigest: invitation.tokenDigest, at: clock()) else { return nil }
        return certificate
    }

    /// The certificate made for this invitation, if any, with what the guide shows of it.
    public func pendingCertificate(of invitation: OnboardingInvitation) throws -> (bundle: CertificateBundle, certificate: ClientCertificate)? {
        guard let sealed = invitation.pendingCertificate else { return nil }
        let bundle = try CertificateBundle(text: try sealer.open(sealed, environment: invitation.environment))
        return (bundle, try ClientCertificate(certificatePEM: bundle.certificatePEM, privateKeyPEM: bundle.privateKeyPEM))
    }
}
