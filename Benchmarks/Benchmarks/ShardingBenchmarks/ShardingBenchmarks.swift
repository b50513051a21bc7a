import Benchmark
import ShardedJobs

/// The built-in sharding strategies as the leader calls them at a resharding: 100 instances
/// (in ElasticJob's order, descending) and 5,000 items (the most a job may have).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2))
    let instances = (0..<100).map { JobInstanceID(ip: "10.0.\($0 / 50).\($0 % 50 + 1)", pid: 4_000 + $0) }
        .sorted { $0.description > $1.description }
    let strategies: [any JobShardingStrategy] = [AverageAllocationStrategy(), OdevityStrategy(), RoundRobinStrategy()]

    for strategy in strategies {
        Benchmark("sharding \(strategy.name): 100 instances × 5,000 items") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(strategy.sharding(instances, jobName: "order-sync", shardingTotalCount: 5_000))
            }
        }
    }
}
