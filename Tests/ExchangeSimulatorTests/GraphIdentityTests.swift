import ExchangeSimulator
import Foundation
import Testing

/// Who may call Graph: audience, roles, application access policies, REST-enabled mailboxes;
/// and Entra ID issuing Graph tokens with the seed's Graph roles.
@Suite("Graph: identity")
struct GraphIdentityTests {
    static let alice = SimulatorHarness.alice
    static let bob = SimulatorHarness.bob

    @Test func anEWSAudienceTokenGets401() async throws {
        try await SimulatorHarness.with { harness in
            let ewsToken = try harness.authority.token(tenantId: SimulatorHarness.contoso, roles: SimulatorHarness.graphRoles)
            let response = try await harness.graph(.GET, "/users/\(Self.alice)/events", token: ewsToken)
            #expect(response.status == 401)
            #expect(response.errorCode == "InvalidAuthenticationToken")
            #expect(response.headers.first(name: "WWW-Authenticate") != nil)
            let ok = try await harness.graph(.GET, "/users/\(Self.alice)/events")
            #expect(ok.status == 200)
            // And the reverse: a Graph token on EWS.
            let graphOnEWS = try await harness.post(
                SimulatorHarness.envelope(ItemOperationTests.getItem("x")), token: try harness.graphToken(roles: ["full_access_as_app"]))
            #expect(graphOnEWS.status == 401)
        }
    }

    @Test func aMissingRoleGets403() async throws {
        try await SimulatorHarness.with { harness in
            let noCalendars = try await harness.graph(.GET, "/users/\(Self.alice)/events", roles: ["Contacts.ReadWrite"])
            #expect(noCalendars.status == 403)
            #expect(noCalendars.errorCode == "ErrorAccessDenied")
            let readOnly = try await harness.graph(
                .POST, "/users/\(Self.alice)/contacts", body: #"{"givenName":"X"}"#, roles: ["Contacts.Read"])
            #expect(readOnly.status == 403, "a read role does not write")
            let contacts = try await harness.graph(.GET, "/users/\(Self.alice)/contacts", roles: ["Contacts.Read"])
            #expect(contacts.status == 200)
            let tasks = try await harness.graph(.GET, "/users/\(Self.alice)/todo/lists", roles: ["Calendars.ReadWrite"])
            #expect(tasks.status == 403)
        }
    }

    static var policySeed: SimulatorSeed {
        var seed = SimulatorSeed.demo
        seed.tenants[0].apps[0].accessPolicyMailboxes = [SimulatorHarness.alice]
        seed.tenants[0].mailboxes[1].restAPIEnabled = true
        return seed
    }

    @Test func aMailboxOutsideTheApplicationAccessPolicyGets403() async throws {
        try await SimulatorHarness.with(seed: Self.policySeed) { harness in
            let inside = try await harness.graph(.GET, "/users/\(Self.alice)/events")
            #expect(inside.status == 200)
            let outside = try await harness.graph(.GET, "/users/\(Self.bob)/events")
            #expect(outside.status == 403)
            #expect(outside.errorCode == "ErrorAccessDenied")
            #expect(outside.json?["error"]?["message"]?.stringValue?.contains("AccessPolicy") == true)
        }
    }

    @Test func aMailboxNotEnabledForRESTIsRefusedOnGraphOnly() async throws {
        var seed = SimulatorSeed.demo
        seed.tenants[0].mailboxes[1].restAPIEnabled = false
        try await SimulatorHarness.with(seed: seed) { harness in
            let response = try await harness.graph(.GET, "/users/\(Self.bob)/contacts")
            #expect(response.status == 404)
            #expect(response.errorCode == "MailboxNotEnabledForRESTAPI")
            let ews = try await harness.ews("<m:FindFolder Traversal=\"Shallow\"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id=\"msgfolderroot\"/></m:ParentFolderIds></m:FindFolder>", mailbox: Self.bob)
            #expect(ews.messages.first?[attribute: "ResponseClass"] == "Success", "EWS still serves it")
        }
    }

    @Test func aUserOfAnotherTenantIsInvalid() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.graph(.GET, "/users/\(SimulatorHarness.carol)/events")
            #expect(response.status == 404)
            #expect(response.errorCode == "ErrorInvalidUser")
        }
    }

    @Test func entraIDIssuesGraphTokensWithTheSeedsGraphRolesAndGraphAcceptsThem() async throws {
        var seed = SimulatorSeed.demo
        seed.tenants[0].apps[0].roles["graph"] = ["Calendars.ReadWrite", "User.Read.All"]
        let simulator = try ExchangeOnlineSimulator(configuration: SimulatorConfiguration(seed: seed))
        let endpoints = try await simulator.start()
        defer { Task { await simulator.stop() } }
        let harness = try await SimulatorHarness.start()
        defer { Task { await harness.shutdown() } }
        let tokenResponse = try await harness.formPost(
            endpoints.tokenEndpoint(tenantId: SimulatorHarness.contoso),
            form: [
                "grant_type": "client_credentials", "client_id": "22222222-2222-4222-8222-222222222222",
                "client_secret": "demo-secret-value~contoso", "scope": "https://graph.microsoft.com/.default",
            ])
        let token = try #require(tokenResponse["access_token"]?.stringValue, "\(tokenResponse)")
        let payload = try #require(TestTokenAuthority.data(base64URL: String(token.split(separator: ".")[1])))
        let claims = try GraphJSON.parse(payload)
        #expect(claims["aud"]?.stringValue == "https://graph.microsoft.com")
        #expect(claims["roles"]?.arrayValue?.compactMap(\.stringValue).sorted() == ["Calendars.ReadWrite", "User.Read.All"])
        let events = try await harness.request(.GET, endpoints.baseURL.absoluteString + "/v1.0/users/\(Self.alice)/events", bearer: token)
        #expect(events.status == 200, "\(events.text)")
        let contacts = try await harness.request(.GET, endpoints.baseURL.absoluteString + "/v1.0/users/\(Self.alice)/contacts", bearer: token)
        #expect(contacts.status == 403, "no Contacts role in the seed")
    }
}
