import ArgumentParser
import Foundation
import SyncStore

/// `prextra-sync store copy --from sqlite:PATH --to postgres://… | --to-variable NAME`: moves a
/// one-machine installation onto PostgreSQL. Resumable (run it again after an interruption),
/// checks every table's row count at the end, refuses a target that is not empty. Stop `serve`
/// first.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a SQLite store into an empty PostgreSQL database (resumable; stop serve first).")

    @Option(help: "The SQLite store: sqlite:PATH (PrextraSync:Store:Path of the configuration).")
    var from: String

    @Option(help: "The PostgreSQL database: postgres://user:password@host:5432/database?sslmode=require.")
    var to: String?

    @Option(help: "An environment variable holding the PostgreSQL URL, so that no password appears on the command line.")
    var toVariable: String?

    @Option(help: "Rows per transaction.")
    var batchSize = 1_000

    @OptionGroup var output: OutputOptions

    struct Summary: Encodable {
        struct Table: Encodable {
            var table: String
            var rows: Int
        }
        var source: String
        var target: String
        var tables: [Table]
    }

    func run() async throws {
        let context = CommandContext.current
        do {
            let path = try sourcePath()
            let url = try targetURL(context)
            let redacted = (try? PostgresStoreURL(url).redacted) ?? "(invalid URL)"
            guard (1...10_000).contains(batchSize) else { throw StoreCopyFailure("--batch-size must be from 1 to 10000.") }
            let source: SQLiteSyncStore
            do {
                source = try await SQLiteSyncStore.open(path: path)
            } catch {
                throw StoreCopyFailure("--from: the SQLite store cannot be opened: \(error)")
            }
            defer { try? source.close() }
            let target: PostgresSyncStore
            do {
                target = try await PostgresSyncStore.open(url: url)
            } catch {
                throw StoreCopyFailure("\(toVariable.map { "--to-variable \($0)" } ?? "--to"): \(error)")
            }
            defer { target.closeWithoutWaiting() }
            var copier = StoreCopier(source: source, sourceName: path, target: target)
            copier.batchSize = batchSize
            let json = output.json
            copier.progress = { table, copied, total in
                if !json { context.output.errorLine("  \(table): \(copied) of \(total) row(s)") }
            }
            if !json {
                let done = try await target.copyProgress().values.map(\.copied).reduce(0, +)
                context.output.errorLine(
                    done > 0 ? "Resuming the copy of \(path) into \(redacted): \(done) row(s) already copied…" : "Copying \(path) into \(redacted)…")
            }
            let counts: [StoreCopier.TableCount]
            do {
                counts = try await copier.run(now: context.now())
            } catch let failure as StoreCopier.Failure {
                throw StoreCopyFailure(failure.description)
            }
            let summary = Summary(source: path, target: redacted, tables: counts.map { .init(table: $0.table, rows: $0.target) })
            if json {
                context.output.line(try JSONOutput.render(summary))
            } else {
                var table = TextTable(columns: ["TABLE", "ROWS (SQLITE = POSTGRESQL)"])
                for count in counts { table.addRow([count.table, String(count.target)]) }
                context.output.write(table.rendered())
                context.output.line("The copy is complete and every table's row count matches.")
                context.output.line(
                    "Next: set \"Store\": { \"Kind\": \"Postgres\", \"UrlVariable\": \"…\" } in the configuration, run prextra-sync config check, then start serve.")
            }
        } catch let failure as StoreCopyFailure {
            context.output.errorLine("error: \(failure.message)")
            throw ExitCode(1)
        }
    }

    private func sourcePath() throws -> String {
        guard from.lowercased().hasPrefix("sqlite:") else {
            throw StoreCopyFailure("--from must be sqlite:PATH, the SQLite store to copy (e.g. sqlite:/var/lib/prextra-sync/prextra-sync.sqlite).")
        }
        let path = URL(fileURLWithPath: String(from.dropFirst("sqlite:".count))).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: path) else { throw StoreCopyFailure("--from: there is no SQLite store at \(path).") }
        return path
    }

    private func targetURL(_ context: CommandContext) throws -> String {
        switch (to, toVariable) {
        case (let url?, nil):
            return url
        case (nil, let name?):
            guard let url = context.environmentVariables[name], !url.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw StoreCopyFailure("--to-variable \(name): the environment variable \(name) is not set or is empty.")
            }
            return url.trimmingCharacters(in: .whitespacesAndNewlines)
        default:
            throw StoreCopyFailure("give the PostgreSQL database with exactly one of --to URL or --to-variable NAME (which keeps the password off the command line).")
        }
    }
}

private struct StoreCopyFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
