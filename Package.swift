// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swift-sharded-jobs",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ZooKeeper", targets: ["ZooKeeper"]),
        .library(name: "ZooKeeperRecipes", targets: ["ZooKeeperRecipes"]),
        .library(name: "ZooKeeperTesting", targets: ["ZooKeeperTesting"]),
        .library(name: "Cron", targets: ["Cron"]),
        .library(name: "ShardedJobs", targets: ["ShardedJobs"]),
        .library(name: "ShardedJobsOperations", targets: ["ShardedJobsOperations"]),
        .library(name: "ShardedJobsHTTP", targets: ["ShardedJobsHTTP"]),
        .library(name: "ShardedJobsTracing", targets: ["ShardedJobsTracing"]),
        .library(name: "ShardedJobsTracingSQLite", targets: ["ShardedJobsTracingSQLite"]),
        .library(name: "ShardedJobsTracingPostgres", targets: ["ShardedJobsTracingPostgres"]),
        .library(name: "ExecutionChecker", targets: ["ExecutionChecker"]),
        .library(name: "ChaosHarness", targets: ["ChaosHarness"]),
        .library(name: "ShardedJobsConsole", targets: ["ShardedJobsConsole"]),
        .executable(name: "sharded-console", targets: ["sharded-console"]),
        .executable(name: "exec-checker", targets: ["exec-checker"]),
        .executable(name: "chaos-soak", targets: ["chaos-soak"]),
        .executable(name: "bench-worker", targets: ["bench-worker"]),
        .executable(name: "shardctl", targets: ["shardctl"]),
        .executable(name: "sharded-worker", targets: ["sharded-worker"]),
        .executable(name: "zk-bench", targets: ["zk-bench"]),
        .executable(name: "zk-durability", targets: ["zk-durability"]),
        .executable(name: "sharded-bench", targets: ["sharded-bench"]),
        .executable(name: "zk-client-demo", targets: ["zk-client-demo"]),
        .executable(name: "example-worker", targets: ["example-worker"]),
        .executable(name: "demo-zk", targets: ["demo-zk"]),
        .executable(name: "tracing-bench", targets: ["tracing-bench"]),
    ],
    dependencies: [
        // Tracing stores only: a service that does not trace builds neither driver.
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // The web console only (issue 11): neither the library nor shardctl builds them.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // The C client: a module map and a shim header, nothing else.
        .systemLibrary(name: "CZooKeeper", path: "Sources/CZooKeeper"),
        .target(
            name: "ZooKeeper",
            dependencies: [
                "CZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ZooKeeperRecipes",
            dependencies: [
                "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ZooKeeperTesting",
            dependencies: [
                "ZooKeeper",
                "CZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "Cron", swiftSettings: strict),
        .target(
            name: "ShardedJobs",
            dependencies: [
                "ZooKeeper",
                "ZooKeeperRecipes",
                "Cron",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Reads and steers a namespace's jobs through ZooKeeper (the operations API of shardctl).
        .target(
            name: "ShardedJobsOperations",
            dependencies: ["ShardedJobs", "ZooKeeper"],
            swiftSettings: strict
        ),
        // The HTTP job type and the webhook error notifier: Foundation's URLSession, apart from
        // the core so that a service that does not use them does not link an HTTP client.
        .target(
            name: "ShardedJobsHTTP",
            dependencies: ["ShardedJobs", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The ready-made worker hosting SCRIPT and HTTP jobs defined by configuration alone.
        .executableTarget(
            name: "sharded-worker",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsHTTP",
                "ShardedJobsTracing",
                "ShardedJobsTracingSQLite",
                "ZooKeeper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Tracing (issue 8): the bounded writer, then one target per store.
        .target(
            name: "ShardedJobsTracing",
            dependencies: [
                "ShardedJobs",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ShardedJobsTracingSQLite",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsTracing",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ShardedJobsTracingPostgres",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsTracing",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Starts a throwaway PostgreSQL server for the tracing tests and benchmark.
        .target(name: "PostgresTesting", dependencies: [.product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .executableTarget(
            name: "tracing-bench",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsTracing",
                "ShardedJobsTracingSQLite",
                "ShardedJobsTracingPostgres",
                "PostgresTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/tracing-bench",
            swiftSettings: strict
        ),
        // The benchmark and chaos worker (DESIGN section 10's line format).
        .executableTarget(
            name: "bench-worker",
            dependencies: [
                "ShardedJobs",
                "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Reads workers' EXEC lines and reports duplicates and lost item-fires (DESIGN section 10).
        .target(name: "ExecutionChecker", swiftSettings: strict),
        .executableTarget(
            name: "exec-checker",
            dependencies: [
                "ExecutionChecker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Multi-process chaos scenarios: bench-worker clusters, faults, the checker (issue 6).
        .target(
            name: "ChaosHarness",
            dependencies: ["ExecutionChecker", "ZooKeeperTesting"],
            swiftSettings: strict
        ),
        // A seeded random mix of the chaos scenarios for long soaks outside CI.
        .executableTarget(
            name: "chaos-soak",
            dependencies: [
                "ChaosHarness",
                "ExecutionChecker",
                "ZooKeeperTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "shardctl",
            dependencies: [
                "Cron",
                "ShardedJobsOperations",
                "ShardedJobs",
                "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The web console (issue 11): pages, actions and live updates over JobOperations and a
        // TraceStore, served by Hummingbird with Mustache templates and static files as resources.
        .target(
            name: "ShardedJobsConsole",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsOperations",
                "ShardedJobsTracing",
                "ZooKeeper",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "sharded-console",
            dependencies: [
                "ShardedJobsConsole",
                "ShardedJobsOperations",
                "ShardedJobsTracing",
                "ShardedJobsTracingSQLite",
                "ShardedJobsTracingPostgres",
                "ZooKeeper",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "zk-bench",
            dependencies: [
                "ZooKeeper",
                "ZooKeeperTesting",
                "CZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/zk-bench",
            swiftSettings: strict
        ),
        // Whether the test ensemble keeps acknowledged writes through the soak's quorum loss (issue 6).
        .executableTarget(
            name: "zk-durability",
            dependencies: [
                "ZooKeeper",
                "ZooKeeperTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The job-core benchmark of issue 5: runs bench-worker clusters and prints the figures.
        .executableTarget(
            name: "sharded-bench",
            dependencies: [
                "ZooKeeper",
                "ZooKeeperTesting",
                "ExecutionChecker",
                "ChaosHarness",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/sharded-bench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "zk-client-demo",
            dependencies: [
                "ZooKeeper",
                "ZooKeeperTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Examples/ClientDemo",
            swiftSettings: strict
        ),
        // The example service of scripts/demo.sh: a SimpleJob over the time-zone table.
        .executableTarget(
            name: "example-worker",
            dependencies: [
                "ShardedJobs",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/ExampleWorker",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // The demo's local ZooKeeper (ZooKeeperTesting), for scripts/demo.sh without --zk.
        .executableTarget(
            name: "demo-zk",
            dependencies: [
                "ZooKeeperTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Examples/DemoZooKeeper",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "zk-lease-probe",
            dependencies: [
                "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support/zk-lease-probe",
            swiftSettings: strict
        ),
        // What every test target shares: deadlines for waits, a seeded random generator.
        .target(name: "TestSupport", path: "Tests/Support/TestSupport", swiftSettings: strict),
        .testTarget(
            name: "ZooKeeperTests",
            dependencies: ["TestSupport", "ZooKeeper", "ZooKeeperTesting", "zk-lease-probe"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZooKeeperTestingTests",
            dependencies: ["ZooKeeperTesting", "CZooKeeper", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZooKeeperRecipesTests",
            dependencies: ["TestSupport", "ZooKeeperRecipes", "ZooKeeper", "ZooKeeperTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsTests",
            dependencies: ["TestSupport", "ShardedJobs", "ZooKeeper", "ZooKeeperTesting", "Cron", "ExecutionChecker", "bench-worker"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ChaosTests",
            dependencies: ["ChaosHarness", "ExecutionChecker", "ZooKeeperTesting", "bench-worker"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsOperationsTests",
            dependencies: ["TestSupport", "ShardedJobsOperations", "ShardedJobs", "ZooKeeper", "ZooKeeperTesting", "shardctl"],
            swiftSettings: strict
        ),
        // The README snippet, the example worker (SimpleJob and DataflowJob) against a real server,
        // the configuration-only ScriptJob example (shardctl + sharded-worker), scripts/demo.sh --quick.
        .testTarget(
            name: "ExamplesTests",
            dependencies: [
                "TestSupport",
                "ShardedJobs", "ZooKeeperTesting", "ExecutionChecker", "example-worker", "demo-zk", "exec-checker",
                "shardctl", "sharded-worker",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsHTTPTests",
            dependencies: [
                "TestSupport",
                "ShardedJobsHTTP", "ShardedJobs", "ZooKeeper", "ZooKeeperTesting", "sharded-worker",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsTracingTests",
            dependencies: [
                "ShardedJobs", "ShardedJobsTracing", "ShardedJobsTracingSQLite", "ShardedJobsTracingPostgres",
                "PostgresTesting", "ZooKeeper", "ZooKeeperTesting",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Route tests (HummingbirdTesting's router framework) and the headless-Chromium test.
        .testTarget(
            name: "ShardedJobsConsoleTests",
            dependencies: [
                "TestSupport",
                "ShardedJobsConsole", "ShardedJobsOperations", "ShardedJobs", "ShardedJobsTracing",
                "ShardedJobsTracingSQLite", "ShardedJobsTracingPostgres", "PostgresTesting", "ZooKeeper", "ZooKeeperTesting",
                "sharded-console", "sharded-worker",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "ExecutionCheckerTests", dependencies: ["ExecutionChecker"], swiftSettings: strict),
        .testTarget(name: "CronTests", dependencies: ["TestSupport", "Cron"], swiftSettings: strict),
    ]
)
