import Foundation
import Onboarding
import SyncStore
import Testing

/// Issue 13: invitations through the API, as `onboard invite` and the dashboard make them.
@Suite("Onboarding invitations through the API")
struct InvitationAPITests {
    @Test("An unscoped key makes a link, shown once and listed without it; a file's name is told it keeps winning")
    func createAndList() async throws {
        let api = try await APIHarness.start(invitations: { store in InvitationIssuer(store: store, publicURL: URL(string: "https://sync.example.com")!) })
        defer { api.remove() }
        let created = try await api.request(.POST, "/v1/onboarding/invitations", body: #"{"environment":"contoso","language":"en","days":3}"#)
        #expect(created.status == 201, "\(created.text)")
        let link = try #require(created.json["link"] as? String)
        #expect(link.hasPrefix("https://sync.example.com/onboarding/") && created.json["status"] as? String == "waiting")
        #expect(created.json["notice"] == nil)
        let token = try #require(link.split(separator: "/").last.map(String.init))
        #expect(try await api.store.invitation(tokenDigest: InvitationToken(value: token).digest)?.environment == "contoso")

        let clash = try await api.request(.POST, "/v1/onboarding/invitations", body: #"{"environment":"prextra"}"#)
        #expect(clash.status == 201 && (clash.json["notice"] as? String)?.contains("keeps winning") == true)
        #expect(clash.json["language"] as? String == "fr", "French by default")

        let list = try await api.request(.GET, "/v1/onboarding/invitations")
        let invitations = try #require(list.json["invitations"] as? [[String: Any]])
        #expect(Set(invitations.compactMap { $0["environment"] as? String }) == ["contoso", "prextra"])
        #expect(!list.text.contains(token), "the link is never listed")
        await api.stop()
    }

    @Test("Bad bodies name the field, a scoped key is refused, and without onboarding configured the answer says what to set")
    func refusals() async throws {
        let api = try await APIHarness.start(invitations: { store in InvitationIssuer(store: store, publicURL: URL(string: "https://sync.example.com")!) })
        defer { api.remove() }
        for (body, field) in [
            (#"{"environment":"not a name"}"#, "environment"), (#"{"environment":"contoso","language":"de"}"#, "language"),
            (#"{"environment":"contoso","days":90}"#, "days"), (#"{"environment":"contoso","tenant":"x"}"#, "tenant"), (#"[]"#, "body"),
        ] {
            let answer = try await api.request(.POST, "/v1/onboarding/invitations", body: body)
            #expect(answer.status == 400 && answer.problemField == field, "\(body): \(answer.text)")
        }
        #expect(try await api.store.invitations().isEmpty, "nothing stored")
        let scoped = try await api.request(.POST, "/v1/onboarding/invitations", key: APIHarness.prextraKey, body: #"{"environment":"prextra"}"#)
        #expect(scoped.status == 403)
        #expect(try await api.request(.GET, "/v1/onboarding/invitations", key: APIHarness.prextraKey).status == 403)
        await api.stop()

        let off = try await APIHarness.start()
        defer { off.remove() }
        let answer = try await off.request(.POST, "/v1/onboarding/invitations", body: #"{"environment":"contoso"}"#)
        #expect(answer.status == 409 && answer.json["type"] as? String == "https://prextra.example/problems/onboarding-off")
        #expect(answer.text.contains("SecretsKey"))
        await off.stop()
    }
}
