// The benchmark runner: see BENCHMARKS.md and scripts/benchmarks.sh. Work in progress.
@main
struct BenchmarksEntry {
    static func main() {
        print("No benchmark yet.")
    }
}
