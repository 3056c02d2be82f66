import Foundation

/// Everything the simulator starts with: tenants, their apps and their mailboxes.
///
/// It is read from a documented JSON file (`prextra-sync simulator --seed FILE`) or
/// built in code by tests and the demo.
public struct SimulatorSeed: Codable, Sendable, Hashable {
    public var tenants: [TenantSeed]

    public init(tenants: [TenantSeed]) {
        self.tenants = tenants
    }

    /// Reads a seed file; dates (secret expiry) are ISO 8601, e.g. `2027-01-01T00:00:00Z`.
    public static func load(from url: URL) throws -> SimulatorSeed {
        try decoder.decode(SimulatorSeed.self, from: Data(contentsOf: url))
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
