import SyncStore

/// A state store a command opened from the configuration (SQLite or PostgreSQL), released when
/// the command ends.
protocol CommandStore: SyncStore {
    func closeWhenDone()
}

extension SQLiteSyncStore: CommandStore {
    func closeWhenDone() { try? close() }
}

extension PostgresSyncStore: CommandStore {
    func closeWhenDone() { closeWithoutWaiting() }
}
