// swift-tools-version: 6.1
import PackageDescription

// A release-mode measurement of the SQLite store, built apart from the main package so
// that only the store's dependencies and the two modules it needs are compiled in release (the
// module sources are symbolic links to the main package's; the store's PostgreSQL half needs
// postgres-nio to compile, though this benchmark does not use it). Run from this directory:
//   swift run -c release SyncStoreBenchmark [links]
let package = Package(
    name: "SyncStoreBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .target(name: "SyncEngine"),
        .target(
            name: "SyncStore",
            dependencies: [
                "SyncEngine", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "SyncStoreBenchmark",
            dependencies: ["SyncEngine", "SyncStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
