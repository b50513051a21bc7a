import Benchmark
@_spi(Benchmarks) import ShardedJobs

/// The job core's hot path: one regular fire through the job machine, with plain values
/// (`JobMachineFireCycle`): the fire, the claim's reply, every item's end, every completion
/// record's reply, the run's end. What the driver adds — ZooKeeper round trips, tasks — is not
/// in it. Figures are per fire (1,000 fires a measured iteration, on a fresh machine).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2))

    for items in [1, 4, 64] {
        Benchmark(
            "job machine: one fire of \(items) item\(items == 1 ? "" : "s")", configuration: .init(scalingFactor: .kilo)
        ) { benchmark in
            var cycle = try JobMachineFireCycle(items: items)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try cycle.runFire())
            }
        }
    }
}
