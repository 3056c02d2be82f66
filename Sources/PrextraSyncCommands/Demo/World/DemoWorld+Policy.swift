import SyncEngine
import SyncService

extension DemoWorld {
    /// The environment's policy in the engine's terms, as the service derives it.
    var enginePolicy: SyncEngine.SyncPolicy { SyncEngine.SyncPolicy(configuration: environment.sync) }
}
