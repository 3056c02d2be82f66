import Foundation
import Testing
@testable import SyncStore

/// The store holds the CRM's personal data: its files are the owner's only (issue 18, item 7).
@Suite("Store file permissions")
struct FilePermissionTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("A new store, its -wal and its -shm are created 0600; an older, more open file is narrowed on open")
    func ownerOnly() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let store = try await Fixture.seededStore(at: path)
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            let mode = try Self.mode(file)
            #expect(mode == 0o600, "\(file): \(String(mode, radix: 8))")
        }
        try store.close()

        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        }
        let reopened = try SQLiteSyncStore(path: path)
        #expect(try Self.mode(path) == 0o600)
        try reopened.close()
    }
}
