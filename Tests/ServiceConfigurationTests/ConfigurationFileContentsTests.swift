import Foundation
import Testing
import ServiceConfiguration

@Suite("Writing a configuration file from code")
struct ConfigurationFileContentsTests {
    typealias F = ConfigurationFixture

    @Test func writtenFileLoadsBackAsWritten() throws {
        let contents = ConfigurationFileContents(
            environments: [
                .init(name: "prextra", applicationID: F.prextraApp, tenantID: F.prextraTenant, clientSecret: F.prextraSecret,
                      api: .ews, ewsURL: URL(string: "http://127.0.0.1:8443/EWS/Exchange.asmx"),
                      authority: URL(string: "http://127.0.0.1:8443"), mailboxes: ["jane@prextra.example"]),
                .init(name: "autreClient", applicationID: F.autreApp, tenantID: F.autreTenant, clientSecretVariable: "AUTRE_SECRET",
                      api: .graph),
            ],
            service: .init(sqlitePath: "state.sqlite", listen: "127.0.0.1:9090",
                           apiKeys: [.init(name: "demo", key: "demo-key-0123456789abcdefghijklmn", environments: ["prextra"])],
                           syncInterval: "30s"))
        let text = String(decoding: try contents.jsonData(), as: UTF8.self)
        #expect(text.contains("\"Exchange\""))
        #expect(text.contains("\"ApplicationId\""))
        let loaded = try F.load(text, variables: ["AUTRE_SECRET": F.autreSecret])
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let prextra = try #require(loaded.environment(named: "prextra"))
        #expect(prextra.ewsURL.absoluteString == "http://127.0.0.1:8443/EWS/Exchange.asmx")
        #expect(prextra.authority.absoluteString == "http://127.0.0.1:8443")
        #expect(prextra.mailboxes == ["jane@prextra.example"])
        #expect(loaded.environment(named: "autreClient")?.credential == .secret(Secret(F.autreSecret), source: .environmentVariable("AUTRE_SECRET")))
        #expect(loaded.environment(named: "autreClient")?.api == .graph)
        #expect(loaded.service.listen == ListenAddress(host: "127.0.0.1", port: 9090))
        #expect(loaded.service.syncInterval == .seconds(30))
        #expect(loaded.service.apiKeys.first?.allows(environment: "prextra") == true)
        #expect(loaded.service.apiKeys.first?.allows(environment: "autreClient") == false)
    }

    @Test func minimalContentsAreTheVendorsSection() throws {
        let contents = ConfigurationFileContents(environments: [
            .init(name: "prextra", applicationID: F.prextraApp, tenantID: F.prextraTenant, clientSecret: F.prextraSecret),
        ])
        let object = try JSONSerialization.jsonObject(with: try contents.jsonData()) as? [String: Any]
        #expect(object?.keys.sorted() == ["Exchange"])
        let entry = (object?["Exchange"] as? [[String: String]])?.first
        #expect(entry == ["Environment": "prextra", "ApplicationId": F.prextraApp, "ClientSecret": F.prextraSecret, "TenantId": F.prextraTenant])
    }
}
