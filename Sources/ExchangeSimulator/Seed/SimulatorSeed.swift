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

    public static func load(from url: URL) throws -> SimulatorSeed {
        try JSONDecoder().decode(SimulatorSeed.self, from: Data(contentsOf: url))
    }
}
