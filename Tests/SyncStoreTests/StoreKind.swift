import Foundation
import Testing

/// The store implementations the conformance suites run against: one suite, parameterised by kind.
///
/// `PREXTRA_STORE_KINDS` (comma-separated: `sqlite`, `postgres`) chooses the kinds of a run;
/// without it, ``defaultKinds``. `PREXTRA_STORE_KINDS=sqlite` runs the SQLite suites alone, on a
/// machine without PostgreSQL.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The kinds a run tests when `PREXTRA_STORE_KINDS` is not set.
    ///
    /// SQLite only until `PostgresSyncStore` lands; then this line becomes `allCases`.
    static let defaultKinds: [StoreKind] = StoreKind.allCases

    /// The arguments of every parameterised store test.
    static let underTest: [StoreKind] = {
        guard let chosen = ProcessInfo.processInfo.environment["PREXTRA_STORE_KINDS"], !chosen.isEmpty else {
            return defaultKinds
        }
        return chosen.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let kind = StoreKind(rawValue: trimmed) else {
                fatalError("PREXTRA_STORE_KINDS names '\(trimmed)'; the store kinds are \(allCases.map(\.rawValue)).")
            }
            return kind
        }
    }()

    var testDescription: String { rawValue }
}
