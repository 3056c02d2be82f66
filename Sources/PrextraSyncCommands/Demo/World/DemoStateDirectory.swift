import Foundation

/// Where the demo keeps its SQLite store: a fresh temporary directory (removed at the end), or
/// the one given with `--state-dir` (kept, so the store can be inspected afterwards).
struct DemoStateDirectory: Sendable {
    let url: URL
    let isTemporary: Bool

    static let databaseName = "prextra-sync-demo.sqlite"

    var databasePath: String { url.appendingPathComponent(Self.databaseName).path }

    /// Creates the directory. A given directory must not hold a store from an earlier demo: that
    /// store's links point at items of a simulator that no longer exists.
    static func prepare(_ path: String?) throws -> DemoStateDirectory {
        let manager = FileManager.default
        guard let path else {
            let url = manager.temporaryDirectory.appendingPathComponent("prextra-sync-demo-\(UUID().uuidString)")
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
            return DemoStateDirectory(url: url, isTemporary: true)
        }
        let url = URL(fileURLWithPath: path)
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        let directory = DemoStateDirectory(url: url, isTemporary: false)
        if manager.fileExists(atPath: directory.databasePath) {
            throw DemoError.stateDirectoryInUse(path: directory.databasePath)
        }
        return directory
    }

    func removeIfTemporary() {
        if isTemporary { try? FileManager.default.removeItem(at: url) }
    }
}
