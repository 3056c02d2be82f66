import Foundation
import Testing
@testable import SyncStore

/// The store holds the CRM's personal data: its files are the owner's only (issue 18, item 7).
/// SQLite-only: about the SQLite file, its -wal and its -shm.
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
    /// Found by the chaos test (CI): narrowing the permissions opened and closed a descriptor of the
    /// database after the pool had it open, and closing any descriptor of a file drops every POSIX
    /// lock the process holds on it. The store's shared lock gone, another process (an operator's
    /// `prextra-sync status` beside `serve`) closing its connection believed it was the last one,
    /// checkpointed and deleted the -wal under the live store: every later commit of the store went
    /// to an unlinked file, lost, and the file read as "database disk image is malformed".
    @Test("Another process opening and closing the store beside a live one never deletes its -wal or loses its commits")
    func anotherProcessClosingKeepsTheLiveStoresJournal() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("store.sqlite")
        let store = try await Fixture.seededStore(at: path)
        try await store.upsertRecord(
            environment: Fixture.environment, record: Fixture.contact("before"), fields: Fixture.sampleFields,
            owners: [Fixture.alice], ifMatch: nil)

        try Self.readInAnotherProcess(path)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "the live store's -wal was deleted by another process")

        try await store.upsertRecord(
            environment: Fixture.environment, record: Fixture.contact("after"), fields: Fixture.sampleFields,
            owners: [Fixture.alice], ifMatch: nil)
        let reader = try SQLiteSyncStore(path: path)
        #expect(try await reader.record(environment: Fixture.environment, key: Fixture.contact("after")) != nil, "a commit was lost")
        #expect(try await reader.record(environment: Fixture.environment, key: Fixture.contact("before")) != nil)
        try reader.close()
        try store.close()
    }

    /// Opens the file with Python's sqlite3 in a child process (another SQLite client, like a second
    /// `prextra-sync` process), reads a table and closes it.
    static func readInAnotherProcess(_ path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('select count(*) from record').fetchall(); c.close()"
        process.arguments = ["python3", "-c", script, path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 could not read the store (is python3 installed?)")
    }
}
