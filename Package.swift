// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

// What a consumer pins is every dependency of a target reachable from any product of this
// package (docs/architecture.md, "What a consumer pins"). So only libraries are products;
// the operator and test executables are targets outside every product (built from the
// repository with `swift build --enable-all-traits --product NAME`), and the console and the
// tracing stores — the only users of NIO, Hummingbird and the database drivers — sit behind
// traits that are off by default. scripts/check-consumer-pins.sh checks the outcome.
let console: TargetDependencyCondition? = .when(traits: ["Console"])
let sqliteTracing: TargetDependencyCondition? = .when(traits: ["SQLiteTracing"])
let postgresTracing: TargetDependencyCondition? = .when(traits: ["PostgresTracing"])
let prometheus: TargetDependencyCondition? = .when(traits: ["Prometheus"])

let package = Package(
    name: "swift-sharded-jobs",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ShardedJobs", targets: ["ShardedJobs"]),
        .library(name: "ShardedJobsHTTP", targets: ["ShardedJobsHTTP"]),
        .library(name: "ShardedJobsOperations", targets: ["ShardedJobsOperations"]),
        .library(name: "ShardedJobsTracing", targets: ["ShardedJobsTracing"]),
        .library(name: "ShardedJobsTracingSQLite", targets: ["ShardedJobsTracingSQLite"]),
        .library(name: "ShardedJobsTracingPostgres", targets: ["ShardedJobsTracingPostgres"]),
        .library(name: "ShardedJobsConsole", targets: ["ShardedJobsConsole"]),
        .library(name: "ShardedJobsCron", targets: ["ShardedJobsCron"]),
        .library(name: "ShardedJobsZooKeeper", targets: ["ShardedJobsZooKeeper"]),
        .library(name: "ShardedJobsZooKeeperRecipes", targets: ["ShardedJobsZooKeeperRecipes"]),
        .library(name: "ShardedJobsZooKeeperTesting", targets: ["ShardedJobsZooKeeperTesting"]),
        .library(name: "ShardedJobsTesting", targets: ["ShardedJobsTesting"]),
    ],
    traits: [
        .trait(name: "Console", description: "The web console (Hummingbird, Mustache): ShardedJobsConsole and sharded-console."),
        .trait(name: "SQLiteTracing", description: "The SQLite tracing store (sqlite-nio): ShardedJobsTracingSQLite."),
        .trait(name: "PostgresTracing", description: "The PostgreSQL tracing store (postgres-nio): ShardedJobsTracingPostgres."),
        .trait(
            name: "Prometheus",
            description: "The /metrics endpoint of sharded-worker and the example worker (swift-prometheus, Hummingbird)."),
        .trait(
            name: "OpenTelemetry",
            description: "The example worker's OTLP/HTTP span export (swift-otel); no library uses it."),
    ],
    dependencies: [
        // The core's dependencies: what a consumer of ShardedJobs pins.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // Behind traits: the tracing stores and the web console.
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Executables and tests only (no product uses them).
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // The example worker's span export only (OTLP over HTTP; its gRPC exporter is left out).
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        // `swift package generate-documentation` (a command plugin: no pin for consumers).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        // The C client: a module map and a shim header, nothing else.
        .systemLibrary(
            name: "CShardedJobsZooKeeper", path: "Sources/CShardedJobsZooKeeper",
            providers: [.apt(["libzookeeper-mt-dev"])]),
        .target(
            name: "ShardedJobsZooKeeper",
            dependencies: [
                "CShardedJobsZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ShardedJobsZooKeeperRecipes",
            dependencies: [
                "ShardedJobsZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ShardedJobsZooKeeperTesting",
            dependencies: [
                "ShardedJobsZooKeeper",
                "CShardedJobsZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // An in-memory ZooKeeper behind the client's transport seam, and a manual clock: the fast
        // tier's servers and the simulator's (a target, not a product: it adds no pin).
        .target(
            name: "ShardedJobsZooKeeperTwin",
            dependencies: [
                "ShardedJobsZooKeeper",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(name: "ShardedJobsCron", swiftSettings: strict),
        .target(
            name: "ShardedJobs",
            dependencies: [
                "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperRecipes",
                "ShardedJobsCron",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // For users' tests of their jobs (docs/testing-your-jobs.md): contexts, a runner on the
        // real execution path without a server, a real ZooKeeper with in-process schedulers.
        // Imports neither XCTest nor Testing, and adds no pin.
        .target(
            name: "ShardedJobsTesting",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Reads and steers a namespace's jobs through ZooKeeper (the operations API of shardctl).
        .target(
            name: "ShardedJobsOperations",
            dependencies: ["ShardedJobs", "ShardedJobsZooKeeper"],
            swiftSettings: strict
        ),
        // The HTTP job type and the webhook error notifier: Foundation's URLSession, apart from
        // the core so that a service that does not use them does not link an HTTP client.
        .target(
            name: "ShardedJobsHTTP",
            dependencies: [
                "ShardedJobs",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Tracing (issue 8): the bounded writer, then one target per store, each behind its trait.
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
                .product(name: "SQLiteNIO", package: "sqlite-nio", condition: sqliteTracing),
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
                .product(name: "PostgresNIO", package: "postgres-nio", condition: postgresTracing),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
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
                "ShardedJobsZooKeeper",
                .product(name: "Hummingbird", package: "hummingbird", condition: console),
                .product(name: "Mustache", package: "swift-mustache", condition: console),
                .product(name: "NIOCore", package: "swift-nio", condition: console),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),

        // Operator executables (not products; `swift build --enable-all-traits --product NAME`).
        .executableTarget(
            name: "shardctl",
            dependencies: [
                "ShardedJobsCron",
                "ShardedJobsOperations",
                "ShardedJobs",
                "ShardedJobsZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The ready-made worker hosting SCRIPT and HTTP jobs defined by configuration alone.
        // The executables' /metrics endpoint (issue 19), behind its trait; in no product.
        .target(
            name: "ShardedJobsMetricsEndpoint",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird", condition: prometheus),
                .product(name: "Prometheus", package: "swift-prometheus", condition: prometheus),
            ],
            swiftSettings: strict
        ),
        // The SMTP alarm notifier (STARTTLS, AUTH PLAIN): sharded-worker's, no product's.
        .target(
            name: "ShardedJobsMail",
            dependencies: [
                "ShardedJobs",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "sharded-worker",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsMail",
                "ShardedJobsMetricsEndpoint",
                "ShardedJobsHTTP",
                "ShardedJobsTracing",
                "ShardedJobsTracingSQLite",
                "ShardedJobsZooKeeper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
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
                "ShardedJobsZooKeeper",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: postgresTracing),
                .product(name: "NIOCore", package: "swift-nio", condition: console),
                .product(name: "Hummingbird", package: "hummingbird", condition: console),
                .product(name: "HummingbirdTLS", package: "hummingbird", condition: console),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: console),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // Test and benchmark tools (not products).
        // The benchmark and chaos worker (DESIGN section 10's line format).
        .executableTarget(
            name: "bench-worker",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsZooKeeper",
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
        // The deterministic simulator (DESIGN 12.2): real schedulers and clients on the twin, one
        // virtual clock and one seeded ready queue per seed, a seeded fault schedule, the checker.
        // The C target holds only the Swift runtime's global-enqueue hooks.
        .target(name: "CShardedJobsSimulationHooks", path: "Sources/CShardedJobsSimulationHooks"),
        .target(
            name: "ShardedJobsSimulation",
            dependencies: [
                "CShardedJobsSimulationHooks",
                "ShardedJobs",
                "ShardedJobsOperations",
                "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTwin",
                "ExecutionChecker",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "sharded-simulate",
            dependencies: [
                "ShardedJobsSimulation", "ShardedJobs", "CShardedJobsSimulationHooks",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Multi-process chaos scenarios: bench-worker clusters, faults, the checker (issue 6). Its
        // waits use the tests' event primitive and deadlines (TestSupport).
        .target(
            name: "ChaosHarness",
            dependencies: [
                "ExecutionChecker", "ShardedJobsZooKeeper", "ShardedJobsZooKeeperTesting", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A seeded random mix of the chaos scenarios for long soaks outside CI.
        .executableTarget(
            name: "chaos-soak",
            dependencies: [
                "ChaosHarness",
                "ExecutionChecker",
                "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Whether the test ensemble keeps acknowledged writes through the soak's quorum loss (issue 6).
        .executableTarget(
            name: "zk-durability",
            dependencies: [
                "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Starts a throwaway PostgreSQL server for the tracing tests and benchmark.
        .target(name: "PostgresTesting", dependencies: [.product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .executableTarget(
            name: "zk-bench",
            dependencies: [
                "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTesting",
                "CShardedJobsZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The job-core benchmark of issue 5: runs bench-worker clusters and prints the figures.
        .executableTarget(
            name: "sharded-bench",
            dependencies: [
                "ShardedJobs",
                "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTesting",
                "ExecutionChecker",
                "ChaosHarness",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
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
            swiftSettings: strict
        ),
        .executableTarget(
            name: "zk-client-demo",
            dependencies: [
                "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTesting",
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
                "ShardedJobsMetricsEndpoint",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel", condition: .when(traits: ["OpenTelemetry"])),
            ],
            path: "Examples/ExampleWorker",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // The jobs of docs/testing-your-jobs.md, tested with ShardedJobsTesting by ExamplesTestingTests.
        .target(
            name: "TestingYourJobs",
            dependencies: ["ShardedJobs"],
            path: "Examples/TestingYourJobs/Sources",
            swiftSettings: strict
        ),
        // The demo's local ZooKeeper (ShardedJobsZooKeeperTesting), for scripts/demo.sh without --zk.
        .executableTarget(
            name: "demo-zk",
            dependencies: [
                "ShardedJobsZooKeeperTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Examples/DemoZooKeeper",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "zk-lease-probe",
            dependencies: [
                "ShardedJobsZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support/zk-lease-probe",
            swiftSettings: strict
        ),

        // Tests. What every test target (and ChaosHarness) shares: deadlines and events for waits
        // (EventLog, TestProcess, DirectoryWatch), a seeded random generator, the test tiers
        // (docs/testing.md).
        .target(
            name: "TestSupport",
            dependencies: ["ShardedJobsZooKeeper", "ShardedJobsZooKeeperTwin", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Support/TestSupport", swiftSettings: strict),
        .testTarget(
            name: "ShardedJobsZooKeeperTests",
            dependencies: [
                "TestSupport", "ShardedJobsZooKeeper", "ShardedJobsZooKeeperTesting", "ShardedJobsZooKeeperTwin", "zk-lease-probe",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsZooKeeperTestingTests",
            dependencies: [
                "TestSupport", "ShardedJobsZooKeeperTesting", "CShardedJobsZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsZooKeeperRecipesTests",
            dependencies: [
                "TestSupport", "ShardedJobsZooKeeperRecipes", "ShardedJobsZooKeeper", "ShardedJobsZooKeeperTesting",
                "ShardedJobsZooKeeperTwin",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsTests",
            dependencies: [
                "TestSupport", "ShardedJobs", "ShardedJobsZooKeeper", "ShardedJobsZooKeeperTesting", "ShardedJobsCron",
                "ExecutionChecker", "bench-worker", "ShardedJobsMetricsEndpoint",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ChaosTests",
            dependencies: [
                "TestSupport", "ChaosHarness", "ExecutionChecker", "ShardedJobsOperations", "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTesting", "bench-worker", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsOperationsTests",
            dependencies: [
                "TestSupport", "ShardedJobsOperations", "ShardedJobs", "ShardedJobsZooKeeper", "ShardedJobsZooKeeperTesting",
                "shardctl",
            ],
            swiftSettings: strict
        ),
        // The README snippet, the example worker (SimpleJob and DataflowJob) against a real server,
        // the configuration-only ScriptJob example (shardctl + sharded-worker), scripts/demo.sh --quick.
        .testTarget(
            name: "ExamplesTests",
            dependencies: [
                "TestSupport",
                "ShardedJobs", "ShardedJobsZooKeeperTesting", "ExecutionChecker", "example-worker", "demo-zk",
                "exec-checker", "shardctl", "sharded-worker",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Examples/TestingYourJobs: unit tests with ShardingContext.testing and JobTestRunner (fast),
        // and a JobTestCluster test (server).
        .testTarget(
            name: "ExamplesTestingTests",
            dependencies: ["TestSupport", "TestingYourJobs", "ShardedJobsTesting", "ShardedJobs"],
            path: "Examples/TestingYourJobs/Tests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsHTTPTests",
            dependencies: [
                "TestSupport",
                "ShardedJobsHTTP", "ShardedJobsMail", "ShardedJobs", "ShardedJobsTesting", "ShardedJobsZooKeeper", "ShardedJobsZooKeeperTesting",
                "sharded-worker",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShardedJobsTracingTests",
            dependencies: [
                "TestSupport",
                "ShardedJobs", "ShardedJobsTracing", "ShardedJobsTracingSQLite", "ShardedJobsTracingPostgres",
                "PostgresTesting", "ShardedJobsZooKeeper", "ShardedJobsZooKeeperTesting", "sharded-worker", "shardctl",
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
                "ShardedJobsTracingSQLite", "ShardedJobsTracingPostgres", "PostgresTesting", "ShardedJobsZooKeeper",
                "ShardedJobsZooKeeperTesting", "sharded-console", "sharded-worker",
                .product(name: "HummingbirdTesting", package: "hummingbird", condition: console),
                .product(name: "AsyncHTTPClient", package: "async-http-client", condition: console),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: console),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio", condition: console),
                .product(name: "NIOHTTP1", package: "swift-nio", condition: console),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The test kit's own tests: contexts and the runner (fast), scripts and the cluster (server).
        .testTarget(
            name: "ShardedJobsTestingTests",
            dependencies: ["TestSupport", "ShardedJobsTesting", "ShardedJobs", "ShardedJobsZooKeeperTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ExecutionCheckerTests", dependencies: ["TestSupport", "ExecutionChecker", "exec-checker"], swiftSettings: strict),
        .testTarget(name: "ShardedJobsCronTests", dependencies: ["TestSupport", "ShardedJobsCron"], swiftSettings: strict),
    ]
)
