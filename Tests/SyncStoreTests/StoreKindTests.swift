import PostgresTestSupport
import Testing

@Suite("Store kinds")
struct StoreKindTests {
    /// Skipped, saying why, when the run asks for PostgreSQL cases that this machine cannot run:
    /// those cases are then skipped one by one without a word (`Test.cancel`).
    @Test(
        "Every store kind the run asks for can run here",
        .enabled(
            if: !StoreKind.underTest.contains(.postgres) || PostgresAvailability.shouldRun,
            Comment(rawValue: PostgresAvailability.skipReason)))
    func kindsCanRun() {
        #expect(!StoreKind.underTest.isEmpty)
    }
}
