import Foundation

/// Whether the tests may run without PostgreSQL.
///
/// On a developer's machine without PostgreSQL, the PostgreSQL cases are skipped and say why.
/// Under `CI=true`, or with `PREXTRA_REQUIRE_POSTGRES` set (`scripts/test.sh` sets it under CI),
/// they are required: a missing installation fails them instead.
public enum PostgresAvailability {
    /// `CI=true`, or `PREXTRA_REQUIRE_POSTGRES` set to anything but empty or `0`.
    public static var isRequired: Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["CI"] == "true" { return true }
        guard let required = environment["PREXTRA_REQUIRE_POSTGRES"] else { return false }
        return !required.isEmpty && required != "0"
    }

    /// This machine's installation, if any.
    public static let installation = PostgresInstallation.find()

    /// True when PostgreSQL tests should run: the programs are there, or they are required
    /// (and then fail loudly if missing).
    public static var shouldRun: Bool { installation != nil || isRequired }

    /// Why PostgreSQL tests are skipped here, for the test report.
    public static let skipReason =
        "PostgreSQL is not installed (looked in \(PostgresInstallation.searchedPlaces)): the PostgreSQL cases are skipped. "
        + "Install Debian's postgresql package to run them; under CI=true they are required."
}
