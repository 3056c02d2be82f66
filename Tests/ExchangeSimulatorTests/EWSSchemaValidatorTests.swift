import Foundation
import Testing

@testable import ExchangeSimulator

@Suite("EWS schema validation")
struct EWSSchemaValidatorTests {
    static func syncFolderItems(maxChanges: Int) -> Data {
        Data(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"
                xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
              <soap:Header>
                <t:RequestServerVersion Version="Exchange2013_SP1"/>
                <t:ExchangeImpersonation><t:ConnectingSID>
                  <t:PrimarySmtpAddress>alice@contoso.example</t:PrimarySmtpAddress>
                </t:ConnectingSID></t:ExchangeImpersonation>
              </soap:Header>
              <soap:Body>
                <m:SyncFolderItems>
                  <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>
                  <m:SyncFolderId><t:DistinguishedFolderId Id="calendar"/></m:SyncFolderId>
                  <m:MaxChangesReturned>\(maxChanges)</m:MaxChangesReturned>
                </m:SyncFolderItems>
              </soap:Body>
            </soap:Envelope>
            """.utf8)
    }

    @Test func acceptsAValidEnvelope() {
        #expect(EWSSchemaValidator.shared.violations(in: Self.syncFolderItems(maxChanges: 512)) == [])
    }

    @Test func rejectsAValueOutsideTheSchemaFacet() {
        let violations = EWSSchemaValidator.shared.violations(in: Self.syncFolderItems(maxChanges: 513))
        #expect(violations.count == 1)
        #expect(violations.first?.message.contains("MaxChangesReturned") == true)
    }

    @Test func rejectsAnUnknownElementInTheHeader() {
        let body = String(decoding: Self.syncFolderItems(maxChanges: 10), as: UTF8.self)
            .replacingOccurrences(of: "<t:RequestServerVersion", with: "<t:RequestServerVersionX")
        #expect(!EWSSchemaValidator.shared.isValid(Data(body.utf8)))
    }

    @Test func rejectsMalformedXML() {
        #expect(!EWSSchemaValidator.shared.isValid(Data("<soap:Envelope".utf8)))
    }
}
