import Foundation
import ServiceConfiguration
import SyncStore

/// Loads the configuration and opens the state store it names, for the commands that work
/// on the store directly (`status`, `mailboxes`) and for `serve`.
enum CommandStateStore {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// 2: the configuration cannot be read; 1: it can, but the store cannot be used.
        var exitCode: Int32
    }

    static func loadConfiguration(_ path: String, context: CommandContext) throws(Failure) -> LoadedConfiguration {
        do {
            return try ConfigurationLoader(environmentVariables: context.environmentVariables, now: context.now())
                .load(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure(description: "error: \(error.description)", exitCode: 2)
        }
    }

    /// Opens the store the configuration names. A `Store` section with an error stops here: the
    /// loader then left the default SQLite file in its place, and a worker meant for a shared
    /// PostgreSQL must never run on a local file of its own.
    static func open(_ loaded: LoadedConfiguration) async throws(Failure) -> any CommandStore {
        let storeProblems = loaded.problems.filter { $0.severity == .error && ($0.key == "Store" || $0.key.hasPrefix("Store:")) }
        if !storeProblems.isEmpty {
            let lines = storeProblems.map { "  \($0.description(in: .english))" }.joined(separator: "\n")
            throw Failure(
                description: "error: PrextraSync:Store cannot be used, and no other store is opened in its place:\n\(lines)",
                exitCode: 2)
        }
        switch loaded.service.store {
        case .sqlite(let path):
            do {
                return try await SQLiteSyncStore.open(path: path.path)
            } catch {
                throw Failure(description: "error: \(error)", exitCode: 1)
            }
        case .postgres(let url, _):
            do {
                return try await PostgresSyncStore.open(url: url.value)
            } catch {
                throw Failure(description: "error: PrextraSync:Store: \(error)", exitCode: 1)
            }
        }
    }

    /// The configured environment with this name (without regard to case), registered in the store.
    static func environment(
        named name: String, in loaded: LoadedConfiguration, store: any SyncStore
    ) async throws -> EnvironmentConfiguration {
        guard let environment = loaded.environment(named: name) else {
            let known = loaded.environments.map(\.name).joined(separator: ", ")
            throw Failure(
                description: "error: no usable environment named \(name) in the configuration (environments: \(known.isEmpty ? "none" : known)).",
                exitCode: 1)
        }
        if try await store.environment(environment.name) == nil {
            try await store.registerEnvironment(environment.name, configFingerprint: nil)
        }
        return environment
    }
}
