import ExchangeSimulator
import Foundation
import Testing

/// The checks Exchange Online makes before running an operation, in its order.
@Suite("EWS request pipeline: token, role, impersonation, schema")
struct AuthenticationPipelineTests {
    static let getInbox = """
        <m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>\
        <m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>
        """

    @Test func aValidRequestSucceeds() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.ews(Self.getInbox)
            #expect(response.status == 200)
            #expect(response.messages.first?[attribute: "ResponseClass"] == "Success")
            #expect(response.document?.all("DisplayName").first?.text == "Inbox")
        }
    }

    @Test func aRequestWithoutATokenGets401() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.post(SimulatorHarness.envelope(Self.getInbox), tenant: nil)
            #expect(response.status == 401)
            #expect(response.body.isEmpty)
            #expect(response.headers.first(name: "WWW-Authenticate")?.contains("invalid_token") == true)
        }
    }

    @Test func aTokenSignedByAnotherKeyGets401() async throws {
        try await SimulatorHarness.with { harness in
            let stranger = try TestTokenAuthority()
            let forged = try stranger.token(tenantId: SimulatorHarness.contoso)
            let response = try await harness.post(SimulatorHarness.envelope(Self.getInbox), token: forged)
            #expect(response.status == 401)
        }
    }

    @Test func anExpiredOrWrongAudienceTokenGets401() async throws {
        try await SimulatorHarness.with { harness in
            let expired = try harness.authority.token(tenantId: SimulatorHarness.contoso, expiresIn: -60)
            #expect(try await harness.post(SimulatorHarness.envelope(Self.getInbox), token: expired).status == 401)
            let graph = try harness.authority.token(tenantId: SimulatorHarness.contoso, audience: "https://graph.microsoft.com")
            #expect(try await harness.post(SimulatorHarness.envelope(Self.getInbox), token: graph).status == 401)
        }
    }

    @Test func aTokenWithoutFullAccessAsAppGets401WithDiagnostics() async throws {
        try await SimulatorHarness.with { harness in
            for roles in [nil, ["Calendars.ReadWrite"]] as [[String]?] {
                let response = try await harness.post(SimulatorHarness.envelope(Self.getInbox), roles: roles)
                #expect(response.status == 401)
                #expect(response.headers.first(name: "x-ms-diagnostics")?.hasPrefix("2000008") == true)
            }
        }
    }

    @Test func aMissingImpersonationHeaderIsAFault() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.post(SimulatorHarness.envelope(Self.getInbox, mailbox: nil))
            #expect(response.status == 500)
            #expect(response.faultCode == "ErrorInvalidExchangeImpersonationHeaderData")
            #expect(response.body.contains("<faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorInvalidExchangeImpersonationHeaderData</faultcode>"))
        }
    }

    @Test func anUnknownMailboxIsErrorNonExistentMailbox() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.ews(Self.getInbox, mailbox: "nobody@contoso.example")
            #expect(response.status == 500)
            #expect(response.faultCode == "ErrorNonExistentMailbox")
        }
    }

    @Test func aMailboxOfAnotherTenantIsErrorImpersonateUserDenied() async throws {
        try await SimulatorHarness.with { harness in
            let response = try await harness.ews(Self.getInbox, mailbox: SimulatorHarness.carol, tenant: SimulatorHarness.contoso)
            #expect(response.status == 500)
            #expect(response.faultCode == "ErrorImpersonateUserDenied")
            // The same mailbox with its own tenant's token works.
            let own = try await harness.ews(Self.getInbox, mailbox: SimulatorHarness.carol, tenant: SimulatorHarness.fabrikam)
            #expect(own.status == 200)
        }
    }

    @Test func theAnchorMailboxMustNameTheImpersonatedMailbox() async throws {
        try await SimulatorHarness.with { harness in
            let missing = try await harness.post(SimulatorHarness.envelope(Self.getInbox), anchor: nil)
            #expect(missing.status == 500)
            let other = try await harness.post(SimulatorHarness.envelope(Self.getInbox), anchor: SimulatorHarness.bob)
            #expect(other.status == 500)
        }
    }

    @Test func aSchemaInvalidRequestIsErrorSchemaValidationWithItsLine() async throws {
        try await SimulatorHarness.with { harness in
            let body = """
                <m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>
                <m:SyncFolderId><t:DistinguishedFolderId Id="calendar"/></m:SyncFolderId>
                <m:MaxChangesReturned>513</m:MaxChangesReturned></m:SyncFolderItems>
                """
            let response = try await harness.ews(body)
            #expect(response.status == 500)
            #expect(response.faultCode == "ErrorSchemaValidation")
            let messageXml = response.document?.descendant("Body", "Fault", "detail", "MessageXml")
            #expect(messageXml?.child("LineNumber")?.text == "6")
            #expect(messageXml?.child("Violation")?.text.contains("MaxChangesReturned") == true)
        }
    }

    @Test func malformedXMLAndTheWrongSoapNamespaceAreRejected() async throws {
        try await SimulatorHarness.with { harness in
            let broken = try await harness.post("<soap:Envelope")
            #expect(broken.faultCode == "ErrorSchemaValidation")
            let typo = SimulatorHarness.envelope(Self.getInbox).replacingOccurrences(
                of: "http://schemas.xmlsoap.org/soap/envelope/", with: "https://schemas.xmlsoap.org/soap/envelope/")
            let response = try await harness.post(typo)
            #expect(response.status == 500)
            #expect(response.faultCode == "ErrorSchemaValidation")
        }
    }
}
