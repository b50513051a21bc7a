// swift-tools-version:6.2
import PackageDescription

// In-process benchmarks of pure work (docs/benchmarks.md, "In-process benchmarks"), with
// ordo-one's package-benchmark. A package of its own, so that neither package-benchmark nor
// its dependencies reach the root package's consumers or its CI:
//
//     cd Benchmarks && swift package benchmark
//
// The root is named as `swift-sharded-jobs` (its identity would otherwise be its folder's
// name). ExecutionChecker is not a product of the root (a test tool), so this package
// compiles its sources itself, through the symbolic link Sources/ExecutionChecker.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

// Each benchmark is an executable target in Benchmarks/NAME, where the benchmark plugin looks.
func benchmark(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: "Benchmarks/\(name)",
        swiftSettings: strict,
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "swift-sharded-jobs-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-sharded-jobs", path: ".."),
        // Only the malloc interposer among package-benchmark's default traits: on Linux with
        // Swift 6.3 the other default (RuntimeInterposer) brings a package of its own for ARC
        // counts. With Swift 6.3 the interposer replaces jemalloc: nothing to install.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "ExecutionChecker", path: "Sources/ExecutionChecker", swiftSettings: strict),
        benchmark("CronBenchmarks", [.product(name: "ShardedJobsCron", package: "swift-sharded-jobs")]),
        benchmark("ShardingBenchmarks", [.product(name: "ShardedJobs", package: "swift-sharded-jobs")]),
        benchmark("ConfigurationBenchmarks", [.product(name: "ShardedJobs", package: "swift-sharded-jobs")]),
        benchmark("CheckerBenchmarks", ["ExecutionChecker"]),
        benchmark("JobMachineBenchmarks", [.product(name: "ShardedJobs", package: "swift-sharded-jobs")]),
    ]
)
