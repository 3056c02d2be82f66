// swift-tools-version: 6.1
import PackageDescription

// A release-mode measurement of the SQLite store, built apart from the main package so
// that only GRDB and the two modules it needs are compiled in release (the module sources
// are symbolic links to the main package's). Run from this directory:
//   swift run -c release SyncStoreBenchmark [links]
let package = Package(
    name: "SyncStoreBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        .target(name: "SyncEngine"),
        .target(name: "SyncStore", dependencies: ["SyncEngine", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(
            name: "SyncStoreBenchmark",
            dependencies: ["SyncEngine", "SyncStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
