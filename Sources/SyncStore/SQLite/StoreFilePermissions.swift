import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store holds the CRM's personal data and the service's state: its file and SQLite's
/// `-wal` and `-shm` beside it are readable by their owner only (0600), whatever the umask.
/// SQLite gives the `-wal` and `-shm` files the main file's permissions when it creates them;
/// files an earlier version left more open are narrowed when the store opens.
enum StoreFilePermissions {
    static let ownerOnly: mode_t = 0o600

    /// Creates the file owner-only when it does not exist yet, and narrows what exists.
    ///
    /// A file that exists is never opened here, only `chmod`ed: closing *any* descriptor of a file
    /// drops every POSIX lock the process holds on it, SQLite's included. Without its shared lock,
    /// a live store looks closed to other processes, and the last of them to close checkpoints and
    /// deletes the `-wal` under it (its later commits lost, the file malformed).
    static func restrict(_ path: String) throws {
        guard !path.isEmpty, path != ":memory:" else { return }
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, ownerOnly)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw SyncStoreError.storageFailure(
                operation: "create the database at \(path)", code: nil, detail: String(cString: strerror(errno)))
        }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            if chmod(file, ownerOnly) != 0 {
                throw SyncStoreError.storageFailure(
                    operation: "restrict the permissions of \(file)", code: nil, detail: String(cString: strerror(errno)))
            }
        }
    }
}
