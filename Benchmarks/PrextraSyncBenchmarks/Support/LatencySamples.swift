import Foundation

/// Propagation times in seconds, sorted, with the percentiles the benchmarks report.
struct LatencySamples {
    let seconds: [Double]

    init(_ seconds: [Double]) { self.seconds = seconds.sorted() }

    func percentile(_ p: Double) -> Double {
        guard !seconds.isEmpty else { return .nan }
        return seconds[min(seconds.count - 1, Int((Double(seconds.count) * p).rounded(.up)) - 1)]
    }

    var description: String {
        String(format: "p50 %.2f s, p95 %.2f s, p99 %.2f s (%d edits)", percentile(0.5), percentile(0.95), percentile(0.99), seconds.count)
    }
}
