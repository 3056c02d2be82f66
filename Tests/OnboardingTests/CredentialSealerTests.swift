import Foundation
import Onboarding
import Testing

@Suite("Sealing onboarded credentials")
struct CredentialSealerTests {
    static let key = Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString()
    static let otherKey = Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()

    @Test("A credential sealed for an environment opens for it only, with the same key only")
    func roundTrip() throws {
        let sealer = try CredentialSealer(base64Key: Self.key)
        let secret = "Qx8~customer-secret-value-0123456789"
        let sealed = try sealer.seal(secret, environment: "contoso")
        #expect(!String(decoding: sealed, as: UTF8.self).contains(secret), "nothing of the secret in clear")
        #expect(try sealer.open(sealed, environment: "contoso") == secret)
        #expect(throws: CredentialSealer.Failure.cannotOpen(environment: "fabrikam")) { try sealer.open(sealed, environment: "fabrikam") }
        #expect(throws: CredentialSealer.Failure.cannotOpen(environment: "contoso")) {
            try CredentialSealer(base64Key: Self.otherKey).open(sealed, environment: "contoso")
        }
        var tampered = sealed
        tampered[tampered.count / 2] ^= 0x01
        #expect(throws: CredentialSealer.Failure.cannotOpen(environment: "contoso")) { try sealer.open(tampered, environment: "contoso") }
        // Two seals of one value differ (a fresh nonce each time).
        #expect(try sealer.seal(secret, environment: "contoso") != sealed)
    }

    @Test("A key that is not 32 bytes of base64 is refused, naming the setting and without echoing it")
    func invalidKeys() {
        for key in ["", "not base64 at all", Data(repeating: 1, count: 16).base64EncodedString()] {
            #expect(throws: CredentialSealer.Failure.invalidKey) { try CredentialSealer(base64Key: key) }
        }
        #expect(CredentialSealer.Failure.invalidKey.description.contains("PrextraSync:SecretsKey"))
    }
}
