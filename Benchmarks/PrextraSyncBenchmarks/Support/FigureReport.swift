import Foundation

/// The figures of one benchmark: printed as a table, optionally written as JSON.
struct FigureReport: Sendable {
    struct Figure: Sendable, Encodable {
        var name: String
        /// Shown as is in the table.
        var value: String
        /// The number behind it, for machines (seconds, bytes, counts), when there is one.
        var number: Double?
        var unit: String?
    }

    var benchmark: String
    var setup: String
    var figures: [Figure] = []

    init(benchmark: String, setup: String) {
        self.benchmark = benchmark
        self.setup = setup
    }

    mutating func add(_ name: String, _ value: String, number: Double? = nil, unit: String? = nil) {
        figures.append(Figure(name: name, value: value, number: number, unit: unit))
    }

    mutating func add(_ name: String, duration: Duration) {
        add(name, duration.formatted, number: duration.seconds, unit: "s")
    }

    mutating func add(_ name: String, bytes: Int) {
        add(name, bytes.megabytes, number: Double(bytes), unit: "bytes")
    }

    mutating func add(_ name: String, count: Int) {
        add(name, String(count), number: Double(count), unit: "count")
    }

    var table: String {
        let width = max(20, figures.map(\.name.count).max() ?? 0)
        var lines = ["## \(benchmark) (\(BuildMode.name))", setup, ""]
        lines.append("| " + "figure".padding(toLength: width, withPad: " ", startingAt: 0) + " | value |")
        lines.append("|" + String(repeating: "-", count: width + 2) + "|-------|")
        for figure in figures {
            lines.append("| " + figure.name.padding(toLength: width, withPad: " ", startingAt: 0) + " | \(figure.value) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Prints the table, and writes `{"benchmark", "setup", "figures": [...]}` to `jsonPath` if given.
    func emit(jsonPath: String?) throws {
        print(table)
        guard let jsonPath else { return }
        struct Document: Encodable {
            var benchmark: String
            var build: String
            var setup: String
            var figures: [Figure]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(Document(benchmark: benchmark, build: BuildMode.name, setup: setup, figures: figures)).write(to: URL(fileURLWithPath: jsonPath))
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// `850 ms`, `12.4 s`.
    var formatted: String {
        let value = seconds
        if value < 1 { return String(format: "%.1f ms", value * 1000) }
        return String(format: "%.2f s", value)
    }
}

/// Median, 95th percentile and maximum of some durations.
struct DurationSummary {
    var median: Duration
    var p95: Duration
    var max: Duration
    var total: Duration

    init(_ durations: [Duration]) {
        let sorted = durations.sorted()
        median = sorted.isEmpty ? .zero : sorted[sorted.count / 2]
        p95 = sorted.isEmpty ? .zero : sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
        max = sorted.last ?? .zero
        total = sorted.reduce(.zero, +)
    }

    var text: String { "median \(median.formatted), p95 \(p95.formatted), max \(max.formatted)" }
}
