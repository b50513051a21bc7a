import Benchmark
import ShardedJobs

/// A job configuration's YAML (the `/{job}/config` znode): encoding the value and decoding the
/// text, with every key set and 100 item parameters.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2))
    let configuration: JobConfiguration
    do {
        configuration = JobConfiguration(
            name: "order-sync", schedule: try .cron("0 0/5 * * * ?", timeZone: "Europe/Berlin"), shardingTotalCount: 100,
            shardingItemParameters: Dictionary(uniqueKeysWithValues: (0..<100).map { ($0, "region-\($0)") }),
            jobParameter: "mode: full", failover: true, maxTimeDiff: .seconds(60), shardingStrategy: .roundRobin,
            errorHandler: .ignore, description: "syncs orders\nper region",
            props: ["streaming.process": "true", "script.command.line": "echo 'hi' #1", "sharded.example": "1"],
            overwrite: true)
        try configuration.validate()
    } catch {
        fatalError("the benchmark's configuration is invalid: \(error)")
    }
    let text = configuration.yaml

    Benchmark("configuration YAML encode (100 item parameters)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(configuration.yaml)
        }
    }

    Benchmark("configuration YAML decode (100 item parameters)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try JobConfiguration(yaml: text))
        }
    }
}
