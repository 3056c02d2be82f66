import CoreMetrics
import Foundation
import Prometheus

/// The API's Prometheus registry and the swift-metrics factory that writes into it.
///
/// `serve` bootstraps swift-metrics with ``factory`` so that the sync service's metrics land
/// in the same registry; tests give each server its own registry and no global bootstrap.
public struct APIMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Counts a finished request by route pattern (never the concrete path: it holds ids), method and status.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Counter(label: "prextra_api_requests_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "prextra_api_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            .record(duration: duration)
    }

    /// Days left before each environment's credential expires (negative once expired), set
    /// when `/metrics` is read; an alert rule fires at 30.
    func recordCredentialExpiry(_ facts: [EnvironmentFacts], now: Date) {
        for fact in facts {
            guard let days = fact.daysLeft(at: now) else { continue }
            Gauge(label: "prextra_credential_expiry_days", dimensions: [("environment", fact.name)], factory: factory).record(days)
        }
    }

    /// The text exposition format, for `/metrics`.
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
