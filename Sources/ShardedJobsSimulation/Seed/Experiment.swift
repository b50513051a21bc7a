import CShardedJobsSimulationHooks
import Foundation
import Logging
@_spi(Simulation) import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeperTwin

public enum Experiment {
    public static func run(seed: UInt64) {
        sharded_simulation_install_hooks()
        sharded_simulation_set_seed(seed, 1)
        let clock = SimulationClock(epochMillis: 1_700_000_000_000)
        let loop = SimulationLoop(seed: seed, clock: clock)
        let twinExecutor = loop.makeExecutor(name: "twin")
        let twin = ZooKeeperTwin(configuration: .init(members: 3, latency: .milliseconds(2), seed: seed), clock: clock, taskExecutor: twinExecutor)
        Task(executorPreference: twinExecutor) { try? await twin.run() }
        var logger = Logger(label: "sim")
        logger.logLevel = ProcessInfo.processInfo.environment["SIM_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        let log = ExecutionLog()
        let store = FencedStore()
        let workers = (1...3).map { index in
            SimulatedWorker(
                tag: "w\(index)", ip: "10.0.0.\(index)", pid: 100 + index, seed: seed &+ UInt64(index), namespace: "sim",
                sessionTimeout: .seconds(4), twin: twin, loop: loop, logger: logger)
        }
        for worker in workers {
            let job = SimulationJob(tag: worker.tag, workMillis: 300, clock: loop.clock, store: store, log: log)
            var configuration = JobConfiguration(name: "job0", schedule: try! .cron("0/1 * * * * ?", timeZone: "UTC"), shardingTotalCount: 8)
            configuration.failover = true
            worker.register(job, configuration: configuration)
        }
        for worker in workers { worker.start() }
        let started = Date()
        loop.run(until: 60_000_000_000)
        print("real", Date().timeIntervalSince(started), "jobs", loop.counts)
        print("EXEC", log.count("EXEC"), "FAIL", log.count("FAIL"), "FENCED", log.count("FENCED"))
        for (tag, text) in log.texts { print(tag, text.split(separator: "\n").prefix(3)) }
    }
}
