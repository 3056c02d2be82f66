import Foundation
import Onboarding
import SyncStore
import Testing

@Suite("Onboarding invitations")
struct InvitationTests {
    @Test("Tokens are random, 256 bits in base64url; only their SHA-256 identifies them")
    func tokens() {
        let tokens = (0..<200).map { _ in InvitationToken.generate() }
        #expect(Set(tokens.map(\.value)).count == 200)
        #expect(tokens.allSatisfy { InvitationToken.isWellFormed($0.value) })
        let token = InvitationToken(value: "abc")
        #expect(token.digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256, hex")
        #expect(!InvitationToken.isWellFormed("../../etc/passwd") && !InvitationToken.isWellFormed(""))
    }

    @Test("An invitation is stored by its digest, expires after its validity, and bad requests are refused naming the option")
    func issue() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prextra-invitations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let issuer = InvitationIssuer(store: store, publicURL: URL(string: "https://sync.example.com/")!, clock: { now })

        let (link, invitation) = try await issuer.invite(environment: "contoso", language: "EN")
        #expect(link.absoluteString.hasPrefix("https://sync.example.com/onboarding/"))
        let token = InvitationToken(value: link.lastPathComponent)
        #expect(InvitationToken.isWellFormed(token.value))
        #expect(invitation.tokenDigest == token.digest && invitation.language == "en")
        #expect(invitation.expiresAt == now.addingTimeInterval(7 * 86_400))
        #expect(try await store.invitation(tokenDigest: token.digest)?.environment == "contoso")

        await #expect(throws: InvitationIssuer.Failure.invalidEnvironmentName("con toso")) {
            try await issuer.invite(environment: "con toso", language: "fr")
        }
        await #expect(throws: InvitationIssuer.Failure.invalidLanguage("de")) { try await issuer.invite(environment: "contoso", language: "de") }
        await #expect(throws: InvitationIssuer.Failure.invalidValidity) {
            try await issuer.invite(environment: "contoso", language: "fr", validFor: .seconds(31 * 86_400))
        }
        #expect(try await store.invitations().count == 1, "nothing stored for a refused request")
    }
}
