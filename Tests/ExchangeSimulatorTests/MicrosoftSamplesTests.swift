import ExchangeSimulator
import Foundation
import Testing

/// The request samples from Microsoft's EWS documentation (copied in `Samples/msdocs`) are
/// accepted: they pass the token, impersonation and schema checks and get a schema-valid answer.
///
/// The samples are taken as documentation of content, not of transport, so before sending each
/// one the test (1) corrects the documentation typo `https://schemas.xmlsoap.org/soap/envelope/`
/// (14 of these request samples have it; real Exchange uses `http://`, and the simulator, like
/// any SOAP 1.1 server, rejects the wrong namespace: a test below proves it), and (2) replaces
/// any ExchangeImpersonation header by one for the test mailbox, since app-only tokens need it.
/// Ids in the samples are Microsoft's, so per-item answers like ErrorInvalidIdMalformed are
/// expected; what must never come back is a fault.
@Suite("Microsoft documentation samples")
struct MicrosoftSamplesTests {
    static var sampleURLs: [URL] {
        let directory = Bundle.module.url(forResource: "Samples", withExtension: nil)?.appendingPathComponent("msdocs")
            ?? Bundle.module.bundleURL.appendingPathComponent("Samples/msdocs")
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "xml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func prepared(_ sample: Data, mailbox: String) throws -> String {
        let text = String(decoding: sample, as: UTF8.self)
            .replacingOccurrences(of: "https://schemas.xmlsoap.org/soap/envelope/", with: "http://schemas.xmlsoap.org/soap/envelope/")
        var envelope = try XMLTreeParser.parse(Data(text.utf8))
        let impersonation = XMLElementNode.t(
            "ExchangeImpersonation", children: [.t("ConnectingSID", children: [.t("PrimarySmtpAddress", mailbox)])])
        if let index = envelope.children.firstIndex(where: { $0.name == "Header" }) {
            envelope.children[index].children.removeAll { $0.name == "ExchangeImpersonation" }
            envelope.children[index].children.append(impersonation)
        } else {
            envelope.children.insert(XMLElementNode(EWSNamespace.soap, "Header", children: [impersonation]), at: 0)
        }
        return XMLWriter.document(envelope)
    }

    @Test func thereAreSamplesToRun() {
        #expect(Self.sampleURLs.count >= 20)
    }

    @Test(arguments: sampleURLs)
    func sampleIsAccepted(_ url: URL) async throws {
        try await SimulatorHarness.with { harness in
            let xml = try Self.prepared(Data(contentsOf: url), mailbox: SimulatorHarness.alice)
            let response = try await harness.post(xml)
            #expect(response.status == 200, "\(url.lastPathComponent): \(response.status) \(response.faultCode ?? "") \(response.body.prefix(600))")
            #expect(!response.messages.isEmpty)
        }
    }

    @Test func theHttpsNamespaceTypoItselfIsRejected() async throws {
        try await SimulatorHarness.with { harness in
            let url = try #require(Self.sampleURLs.first { (try? String(contentsOf: $0, encoding: .utf8).contains("https://schemas.xmlsoap.org")) == true })
            let original = try String(contentsOf: url, encoding: .utf8)
            let withImpersonation = try Self.prepared(Data(original.utf8), mailbox: SimulatorHarness.alice)
                .replacingOccurrences(of: "http://schemas.xmlsoap.org/soap/envelope/", with: "https://schemas.xmlsoap.org/soap/envelope/")
            let response = try await harness.post(withImpersonation)
            #expect(response.status == 500)
            #expect(response.faultCode == "ErrorSchemaValidation")
        }
    }
}
