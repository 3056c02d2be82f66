import ArgumentParser

/// Options every benchmark takes.
struct BenchmarkOptions: ParsableArguments {
    @Option(name: .customLong("json"), help: "Also write the figures as JSON to this file.")
    var jsonPath: String?

    @Option(name: .customLong("latency-ms"), help: "Delay the simulator adds to every EWS request.")
    var latencyMilliseconds: Int?
}
