import Foundation
import Testing
import ServiceConfiguration

@Suite("Secrets inline, from an environment variable or a file; certificates")
struct CredentialSourceTests {
    typealias F = ConfigurationFixture

    @Test func secretFromAnEnvironmentVariable() throws {
        let json = F.exchange(F.environment(secret: nil, extra: #""ClientSecretVariable": "PREXTRA_SECRET""#))
        let loaded = try F.load(json, variables: ["PREXTRA_SECRET": F.prextraSecret])
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environments.first?.credential == .secret(Secret(F.prextraSecret), source: .environmentVariable("PREXTRA_SECRET")))
        #expect(loaded.environmentReports.first?.credentialDescription == "secret Qx7…(40 chars) (variable PREXTRA_SECRET)")
    }

    @Test func missingVariableIsAnErrorNamingIt() throws {
        let json = F.exchange(F.environment(secret: nil, extra: #""ClientSecretVariable": "PREXTRA_SECRET""#))
        let loaded = try F.load(json, variables: [:])
        let problem = try #require(loaded.problems.first(.missingVariable))
        #expect(problem.severity == .error)
        #expect(problem.key == "ClientSecretVariable")
        #expect(problem.message.contains("PREXTRA_SECRET"))
        #expect(problem.description.contains("environment \"prextra\""))
        #expect(loaded.environments.isEmpty)

        let empty = try F.load(json, variables: ["PREXTRA_SECRET": ""])
        #expect(empty.problems.first(.emptySecret)?.key == "ClientSecretVariable")
    }

    @Test func secretFromAFileRelativeToTheConfiguration() throws {
        let json = F.exchange(F.environment(secret: nil, extra: #""ClientSecretFile": "secrets/prextra.txt""#))
        let loaded = try F.load(json, files: ["secrets/prextra.txt": F.prextraSecret + "\n"])
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environments.first?.credential == .secret(Secret(F.prextraSecret), source: .file("secrets/prextra.txt")),
                "the file's trailing newline is not part of the secret")
    }

    @Test func secretFromAnAbsolutePath() throws {
        let directory = try F.temporaryDirectory()
        let file = directory.appendingPathComponent("secret")
        try F.autreSecret.write(to: file, atomically: true, encoding: .utf8)
        let loaded = try F.load(F.exchange(F.environment(secret: nil, extra: "\"ClientSecretFile\": \"\(file.path)\"")))
        #expect(loaded.environments.first?.credential == .secret(Secret(F.autreSecret), source: .file(file.path)))
    }

    @Test func missingFileIsAnErrorNamingIt() throws {
        let json = F.exchange(F.environment(secret: nil, extra: #""ClientSecretFile": "secrets/absent.txt""#))
        let loaded = try F.load(json)
        let problem = try #require(loaded.problems.first(.missingFile))
        #expect(problem.severity == .error)
        #expect(problem.key == "ClientSecretFile")
        #expect(problem.message.contains("secrets/absent.txt"))
        #expect(loaded.environments.isEmpty)

        let empty = try F.load(json.replacingOccurrences(of: "absent", with: "empty"), files: ["secrets/empty.txt": "\n"])
        #expect(empty.problems.first(.emptySecret)?.key == "ClientSecretFile")
    }

    @Test func placeholderInAReferencedFileIsStillCaught() throws {
        let json = F.exchange(F.environment(secret: nil, extra: #""ClientSecretFile": "s.txt""#))
        let loaded = try F.load(json, files: ["s.txt": "XXXX~XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n"])
        #expect(loaded.problems.first(.placeholderSecret)?.key == "ClientSecretFile")
    }

    @Test func twoWaysOfGivingTheSecretConflict() throws {
        let json = F.exchange(F.environment(extra: #""ClientSecretVariable": "PREXTRA_SECRET""#))
        let loaded = try F.load(json, variables: ["PREXTRA_SECRET": F.autreSecret])
        let problem = try #require(loaded.problems.first(.conflictingKeys))
        #expect(problem.key == "ClientSecret/ClientSecretVariable")
        #expect(loaded.environments.isEmpty)
    }

    static let certificatePEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUb3Jn\n-----END CERTIFICATE-----\n"
    static let privateKeyPEM = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"

    @Test func certificateCredential() throws {
        let json = F.exchange(F.environment(
            secret: nil, extra: #""CertificateFile": "cert.pem", "CertificatePrivateKeyFile": "key.pem""#))
        let loaded = try F.load(json, files: ["cert.pem": Self.certificatePEM, "key.pem": Self.privateKeyPEM])
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        guard case .certificate(let certificate)? = loaded.environments.first?.credential else {
            Issue.record("expected a certificate credential")
            return
        }
        #expect(certificate.certificatePEM == Self.certificatePEM)
        #expect(certificate.privateKeyPEM.value.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(certificate.privateKeySource == .file("key.pem"))
        #expect(loaded.environmentReports.first?.credentialKind == "certificate")
        #expect(loaded.environmentReports.first?.credentialDescription == "certificate cert.pem (key file key.pem)")
    }

    @Test func certificateProblems() throws {
        let both = try F.load(F.exchange(F.environment(extra: #""CertificateFile": "cert.pem""#)), files: ["cert.pem": Self.certificatePEM])
        #expect(both.problems.first(.conflictingKeys)?.key == "ClientSecret/CertificateFile")

        let noKey = try F.load(F.exchange(F.environment(secret: nil, extra: #""CertificateFile": "cert.pem""#)), files: ["cert.pem": Self.certificatePEM])
        #expect(noKey.problems.first(.missingKey)?.key == "CertificatePrivateKeyFile")

        let notPEM = try F.load(
            F.exchange(F.environment(secret: nil, extra: #""CertificateFile": "cert.cer", "CertificatePrivateKeyFile": "key.pem""#)),
            files: ["cert.cer": "binary-ish", "key.pem": Self.privateKeyPEM])
        #expect(notPEM.problems.first(.invalidPEM)?.key == "CertificateFile")

        let encrypted = try F.load(
            F.exchange(F.environment(secret: nil, extra: #""CertificateFile": "c.pem", "CertificatePrivateKeyFile": "k.pem""#)),
            files: ["c.pem": Self.certificatePEM, "k.pem": "-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc\n-----END ENCRYPTED PRIVATE KEY-----\n"])
        #expect(encrypted.problems.first(.invalidPEM)?.key == "CertificatePrivateKeyFile")
        #expect(encrypted.environments.isEmpty)

        let missing = try F.load(F.exchange(F.environment(secret: nil, extra: #""CertificateFile": "nope.pem", "CertificatePrivateKeyFile": "k.pem""#)),
                                 files: ["k.pem": Self.privateKeyPEM])
        #expect(missing.problems.first(.missingFile)?.key == "CertificateFile")
    }
}
