import CoreMetrics
import Synchronization
import SyncAPI

/// swift-metrics can be bootstrapped once per process; `serve` run twice in one process (tests)
/// keeps the first registry.
enum MetricsBootstrap {
    private static let shared = Mutex<APIMetrics?>(nil)

    /// The process's metrics, bootstrapping swift-metrics with the Prometheus factory the first time.
    static func processMetrics() -> APIMetrics {
        shared.withLock { current in
            if let current { return current }
            let metrics = APIMetrics()
            MetricsSystem.bootstrap(metrics.factory)
            current = metrics
            return metrics
        }
    }
}
