// swift-tools-version: 6.1
import PackageDescription

// Layering (lower never imports higher; only tests, benchmarks and the CLI's
// demo/simulator commands import ExchangeSimulator):
//
//   SyncEngine (pure)      ServiceConfiguration     WindowsTimeZones   CLibXML2
//        |                        |                        |              |
//   SyncStore (GRDB,        MicrosoftIdentity              |        StreamingXML
//    PostgresNIO)                 |                        |              |
//        \                        |   \____________________|______________|
//         \                       |            ExchangeWebServices, MicrosoftGraph
//          \______________________|__________________/
//                            SyncService
//                                 |
//                    SyncAPI (+ Onboarding, EnvironmentVerification)
//                                 |
//                             WebPortal
//                                 |
//                       PrextraSyncCommands  (+ ExchangeSimulator for demo/simulator)
//                                 |
//                            prextra-sync

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "prextra-sync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "prextra-sync", targets: ["prextra-sync"]),
        .library(name: "SyncEngine", targets: ["SyncEngine"]),
        .library(name: "MicrosoftIdentity", targets: ["MicrosoftIdentity"]),
        .library(name: "ExchangeWebServices", targets: ["ExchangeWebServices"]),
        .library(name: "MicrosoftGraph", targets: ["MicrosoftGraph"]),
        .library(name: "ExchangeSimulator", targets: ["ExchangeSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // MARK: Foundations with no project dependencies
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "StreamingXML",
            dependencies: ["CLibXML2"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WindowsTimeZones",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceConfiguration",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SyncEngine",
            swiftSettings: swiftSettings
        ),

        // MARK: Protocol clients (know nothing of the CRM)
        .target(
            name: "MicrosoftIdentity",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ExchangeWebServices",
            dependencies: [
                "StreamingXML",
                "WindowsTimeZones",
                "MicrosoftIdentity",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MicrosoftGraph",
            dependencies: [
                "MicrosoftIdentity",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: State
        .target(
            name: "SyncStore",
            dependencies: [
                "SyncEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Composition
        .target(
            name: "SyncService",
            dependencies: [
                "SyncEngine",
                "SyncStore",
                "ServiceConfiguration",
                "MicrosoftIdentity",
                "ExchangeWebServices",
                "MicrosoftGraph",
                "WindowsTimeZones",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EnvironmentVerification",
            dependencies: [
                "ServiceConfiguration", "MicrosoftIdentity", "ExchangeWebServices", "MicrosoftGraph",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Onboarding",
            dependencies: [
                "SyncStore", "ServiceConfiguration", "MicrosoftIdentity", "EnvironmentVerification",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SyncAPI",
            dependencies: [
                "SyncService",
                "MicrosoftIdentity",
                "Onboarding",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // The onboarding pages and the operator dashboard, served beside the API.
        .target(
            name: "WebPortal",
            dependencies: [
                "SyncAPI", "SyncService", "SyncStore", "Onboarding", "EnvironmentVerification", "ServiceConfiguration", "MicrosoftIdentity",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),

        // MARK: Exchange + Entra ID simulator (tests, benchmarks, demo only)
        .target(
            name: "ExchangeSimulator",
            dependencies: [
                "CLibXML2",
                "WindowsTimeZones",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),

        // MARK: Command line
        .target(
            name: "PrextraSyncCommands",
            dependencies: [
                "ServiceConfiguration",
                "MicrosoftIdentity",
                "ExchangeWebServices",
                "SyncService",
                "SyncAPI",
                "WebPortal",
                "Onboarding",
                "EnvironmentVerification",
                "ExchangeSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "prextra-sync",
            dependencies: ["PrextraSyncCommands"],
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks (run with scripts/benchmarks.sh; figures in BENCHMARKS.md)
        .executableTarget(
            name: "prextra-sync-benchmarks",
            dependencies: [
                "SyncService", "SyncStore", "SyncAPI", "ExchangeWebServices", "MicrosoftGraph", "MicrosoftIdentity", "ExchangeSimulator",
                "PostgresTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/PrextraSyncBenchmarks",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests (Swift Testing only)
        .testTarget(name: "StreamingXMLTests", dependencies: ["StreamingXML"]),
        .testTarget(name: "WindowsTimeZonesTests", dependencies: ["WindowsTimeZones"]),
        .testTarget(name: "ServiceConfigurationTests", dependencies: ["ServiceConfiguration"]),
        .testTarget(
            name: "SyncEngineTests",
            dependencies: ["SyncEngine", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "SyncStoreTests", dependencies: ["SyncStore", "PostgresTestSupport"]),
        .testTarget(
            name: "OnboardingTests",
            dependencies: ["Onboarding", "SyncStore", "MicrosoftIdentity", "ExchangeSimulator", "SimulatorTestSupport", "EnvironmentVerification",
                .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        .testTarget(
            name: "MicrosoftIdentityTests",
            dependencies: ["MicrosoftIdentity", "ExchangeSimulator", "ChildProcessSupport", "HTTPTestSupport"]
        ),
        .testTarget(
            name: "ExchangeWebServicesTests",
            dependencies: ["ExchangeWebServices", "ExchangeSimulator", "HTTPTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "MicrosoftGraphTests",
            dependencies: [
                "MicrosoftGraph", "MicrosoftIdentity", "ExchangeSimulator", "HTTPTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "ExchangeSimulatorTests",
            dependencies: [
                "ExchangeSimulator", "StreamingXML", "ChildProcessSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Samples")]
        ),
        .target(name: "ChildProcessSupport", path: "Tests/ChildProcessSupport"),
        // A throwaway PostgreSQL server for the store tests; no client library, so it builds fast.
        .target(name: "PostgresTestSupport", dependencies: ["ChildProcessSupport"], path: "Tests/PostgresTestSupport"),
        .testTarget(name: "PostgresTestSupportTests", dependencies: ["PostgresTestSupport"]),
        .target(
            name: "HTTPTestSupport",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/HTTPTestSupport"
        ),
        .target(
            name: "SimulatorTestSupport",
            dependencies: [
                "SyncService", "SyncStore", "ServiceConfiguration", "MicrosoftIdentity", "MicrosoftGraph", "SyncEngine", "ExchangeSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/SimulatorTestSupport"
        ),
        .testTarget(
            name: "SyncServiceTests",
            dependencies: [
                "SyncService", "SyncStore", "SyncEngine", "ExchangeWebServices", "MicrosoftGraph", "ExchangeSimulator", "SimulatorTestSupport",
                "ChildProcessSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SyncAPITests",
            dependencies: [
                "SyncAPI", "SyncService", "SyncStore", "ExchangeSimulator", "SimulatorTestSupport", "HTTPTestSupport", "ChildProcessSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "WebPortalTests",
            dependencies: [
                "WebPortal", "SyncAPI", "Onboarding", "SyncStore", "ServiceConfiguration", "ExchangeSimulator", "SimulatorTestSupport",
                "HTTPTestSupport", "ChildProcessSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "PrextraSyncCommandsTests",
            dependencies: [
                "PrextraSyncCommands", "ExchangeSimulator", "ChildProcessSupport", "SimulatorTestSupport", "PostgresTestSupport",
                "HTTPTestSupport", "EnvironmentVerification",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
