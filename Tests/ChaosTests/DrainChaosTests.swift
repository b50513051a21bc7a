import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsOperations
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import Testing
import TestSupport

extension ChaosTests {
    /// Drain (issue 20 item 4) on real `bench-worker` processes, judged by the checker.
    @Suite("Drain on bench workers")
    struct DrainChaosTests {
        /// Three workers, 6 items on a 1-second cron, 100 ms items.
        static var options: WorkerOptions {
            var options = WorkerOptions()
            options.cron = "* * * * * ?"
            options.periodMillis = 1_000
            options.items = 6
            options.workMillis = 100
            return options
        }

        @Test("drain of one of three workers: every fire complete, no FAILOVER or MISFIRE, no duplicate; the drained worker runs nothing 3 s after")
        func drainOne() async throws {
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: Self.options, name: "drain") { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let drained = workers[0]
                    let drainedAt = try await ChaosObserver.with(server.connectString, namespace: cluster.namespace) { observer in
                        let instance = try await Self.instanceID(of: drained, job: Self.options.jobName, observer)
                        _ = try await JobOperations(client: observer).drain(instance: instance)
                        return ChaosClock.nowMillis()
                    }
                    await ChaosClock.sleep(untilMillis: drainedAt + 6_000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    try await Self.judge(cluster, from: steady, to: end, name: "drain")
                    let late = await cluster.mergedLog().begins.filter { $0.tag == drained.tag && $0.scheduledFire > drainedAt + 3_000 }
                    #expect(late.isEmpty, "the drained worker ran 3 s after its drain: \(late)")
                }
            }
        }

        @Test("SIGTERM to a worker with --drain-on-shutdown (the rolling-deploy recipe): it leaves once its items are moved; no FAILOVER or MISFIRE, no duplicate, no loss")
        func drainOnShutdown() async throws {
            var options = Self.options
            options.drainOnShutdown = true
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: "drain-stop") { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let status = await cluster.stop(workers[0], grace: .seconds(20))
                    #expect(status == 0, "the worker did not stop gracefully")
                    await ChaosClock.sleep(untilMillis: ChaosClock.nowMillis() + 4_000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    try await Self.judge(cluster, from: steady, to: end, name: "drain-stop")
                }
            }
        }

        /// The checker is clean and nothing ran as a failover or a catch-up.
        static func judge(_ cluster: ChaosCluster, from start: Int64, to end: Int64, name: String) async throws {
            let report = await cluster.check(from: start, to: end)
            print("[\(name)] \(await cluster.describe(report, limit: 12))")
            #expect(report.isClean, "\(report.summary)")
            let moved = await cluster.mergedLog().begins.filter { $0.scheduledFire > start && $0.source != .normalTrigger }
            #expect(moved.isEmpty, "a failover or catch-up run: \(moved)")
            if report.isClean && moved.isEmpty { await cluster.removeFiles() }
        }

        /// The instance id a worker registered for `job` (`{ip}@-@{pid}`).
        static func instanceID(of worker: ChaosWorker, job: String, _ observer: ZooKeeperClient) async throws -> String {
            let children = try await observer.getChildren("/\(job)/instances").names
            guard let id = children.first(where: { $0.hasSuffix("@-@\(worker.pid)") }) else {
                throw ChaosError("worker \(worker.tag) (pid \(worker.pid)) has no instance among \(children)")
            }
            return id
        }
    }
}
