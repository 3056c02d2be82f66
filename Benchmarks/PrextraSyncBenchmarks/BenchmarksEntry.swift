import ArgumentParser

/// The benchmark runner: `swift build -c release --product prextra-sync-benchmarks`, then
/// `scripts/benchmarks.sh` runs every subcommand. Figures and the machine go in BENCHMARKS.md.
@main
struct BenchmarksEntry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prextra-sync-benchmarks",
        abstract: "Benchmarks of the simulator, the EWS client, the token cache and the sync service.",
        subcommands: [
            SimulatorScaleBenchmark.self,
            MailboxReadBenchmark.self,
            CalendarReadComparison.self,
            GraphReadComparison.self,
            StoreRetentionBenchmark.self,
            TokenConcurrencyBenchmark.self,
            FirstSyncBenchmark.self,
            SteadyStateBenchmark.self,
            WorkersBenchmark.self,
            StoreBulkBenchmark.self,
            MigrationBenchmark.self,
            IsolationBenchmark.self,
            PropagationLatencyBenchmark.self,
            EmailFirstSyncBenchmark.self,
            SimulatorHostCommand.self,
        ])
}
