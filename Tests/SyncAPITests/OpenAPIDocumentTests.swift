import Foundation
import SyncStore
import Testing

@testable import SyncAPI

@Suite("The OpenAPI document and the routes agree")
struct OpenAPIDocumentTests {
    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi/prextra-sync.yaml")

    /// `METHOD /path` for every operation under `paths:` (the document's own layout: two-space
    /// path keys, four-space method keys).
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOf: documentURL, encoding: .utf8)
        var operations = Set<String>()
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" "), !line.isEmpty {
                inPaths = line == "paths:"
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "put", "post", "delete", "patch"].contains(String(key)) {
                    operations.insert("\(key.uppercased()) \(path)")
                }
            }
        }
        return operations
    }

    @Test("every route is documented and every documented operation is routed")
    func routesMatchDocument() async throws {
        let directory = try APIHarness.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSyncStore(path: directory.appendingPathComponent("state.sqlite").path)
        let server = APIServer(
            configuration: APIServerConfiguration(environments: ["prextra"], apiKeys: APIHarness.keys), store: store,
            operations: nil)
        let routed = Set(server.makeRouter().routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = try Self.documentedOperations()
        #expect(documented.count >= 20)
        #expect(routed.subtracting(documented).sorted() == [])
        #expect(documented.subtracting(routed).sorted() == [])
        try store.close()
    }
}
