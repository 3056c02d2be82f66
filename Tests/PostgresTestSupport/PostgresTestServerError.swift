import Foundation

/// Why the throwaway PostgreSQL server could not serve a test.
public enum PostgresTestServerError: Error, CustomStringConvertible, Sendable {
    /// No `initdb`, `pg_ctl` and `psql` were found, and the run requires PostgreSQL.
    case notInstalled
    /// A program of the installation failed; `output` is what it printed.
    case programFailed(program: String, status: Int32, output: String)
    /// The user the server must run as (`postgres`, since `initdb` refuses root) does not exist.
    case noPostgresUser

    public var description: String {
        switch self {
        case .notInstalled:
            return "PostgreSQL is required (CI=true or PREXTRA_REQUIRE_POSTGRES) but not installed: no initdb, pg_ctl and psql "
                + "in \(PostgresInstallation.searchedPlaces). Install Debian's postgresql package (.ci/run does), "
                + "or run the SQLite suites alone with PREXTRA_STORE_KINDS=sqlite outside CI."
        case .programFailed(let program, let status, let output):
            return "\(program) exited with status \(status): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .noPostgresUser:
            return "The tests run as root, so the throwaway PostgreSQL must run as the user 'postgres', which does not exist. "
                + "Install Debian's postgresql package, which creates it, or run the tests as an ordinary user."
        }
    }
}
