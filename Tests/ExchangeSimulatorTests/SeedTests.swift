import ExchangeSimulator
import Foundation
import Testing

@Suite("Seeds")
struct SeedTests {
    static var exampleSeedURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/simulator/seed.example.json")
    }

    @Test func theDocumentedExampleSeedLoadsWithItsItemsAndFaults() throws {
        let seed = try SimulatorSeed.load(from: Self.exampleSeedURL)
        #expect(seed.tenants.first?.faults.maxConcurrentRequestsPerApp == 27)
        let exchange = try SimulatedExchange(seed: seed)
        #expect(try exchange.items(in: "alice@contoso.example", folder: "calendar").map(\.subject) == ["Kick-off"])
        let tagged = try exchange.items(in: "alice@contoso.example", folder: "CRM")
        #expect(tagged.first?.xml.contains("appointment-1") == true)
    }

    @Test func aMinimalSeedNeedsOnlyIdsAndAddresses() throws {
        let json = #"{"tenants":[{"id":"t1","mailboxes":[{"primarySmtpAddress":"a@t1.example"}]}]}"#
        let seed = try SimulatorSeed.decoder.decode(SimulatorSeed.self, from: Data(json.utf8))
        #expect(seed.tenants.first?.mailboxes.first?.timeZone == "UTC")
        #expect(seed.tenants.first?.faults == FaultSettings())
    }

    @Test func theDemoSeedRoundTripsThroughJSON() throws {
        let data = try SimulatorSeed.encoder.encode(SimulatorSeed.demo)
        #expect(try SimulatorSeed.decoder.decode(SimulatorSeed.self, from: data) == SimulatorSeed.demo)
    }

    @Test func aSeedItemInAnUnknownFolderIsAnError() {
        let seed = SimulatorSeed(tenants: [
            TenantSeed(id: "t1", mailboxes: [MailboxSeed(primarySmtpAddress: "a@t1.example", displayName: "A", items: [ItemSeed(folder: "nowhere", xml: "<x/>")])])
        ])
        #expect(throws: SimulatedExchange.SeedError.self) { try SimulatedExchange(seed: seed) }
    }
}
