import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests {
    /// Scenario 1: `kill -9` of a worker in the middle of a run.
    @Suite("1. kill -9 of a worker mid-run")
    struct KillTests {
        @Test("failover on: the orphaned items complete on survivors as FAILOVER runs of the same fire; no duplicate, no loss")
        func failoverOn() async throws {
            try await Self.run(failover: true)
        }

        @Test("failover off: the orphaned items complete as MISFIRE runs after resharding; no duplicate, no loss")
        func failoverOff() async throws {
            try await Self.run(failover: false)
        }

        /// 3 workers, 6 items every second, 600 ms of work, 3 s sessions; the second worker is
        /// killed 150 ms after it began an item of a fire, while its items run.
        static func run(failover: Bool) async throws {
            var options = WorkerOptions()
            options.failover = failover
            options.workMillis = 600
            let name = "kill-\(failover ? "failover" : "misfire")"
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: name) { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let victim = workers[1]
                    let survivors = [workers[0], workers[2]]
                    let fire = try await cluster.waitForBegin(of: victim, after: ChaosClock.nowMillis())
                    try await Task.sleep(for: .milliseconds(150))  // mid-run: 600 ms of work
                    let killed = await cluster.kill(victim)
                    let orphans = victim.inFlight(at: killed).filter { $0.scheduledFire == fire }
                    #expect(!orphans.isEmpty, "\(victim.tag) had no item of fire \(fire) in flight when killed")

                    let recovered = await ChaosScenario.soon("the survivors cover every item") {
                        try await cluster.waitForSpreadFire(
                            over: survivors, after: killed + Int64(options.sessionTimeoutMillis), timeout: .seconds(30))
                    }
                    #expect(recovered != nil, "the two survivors never ran a whole fire between them")
                    await ChaosClock.sleep(untilMillis: (recovered ?? ChaosClock.nowMillis()) + 5000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)

                    let executions = await cluster.mergedLog().executions
                    for orphan in orphans {
                        let completions = executions.filter { $0.job == orphan.job && $0.item == orphan.item && $0.tag != victim.tag }
                        if failover {
                            #expect(
                                completions.contains { $0.scheduledFire == fire && $0.source == .failover },
                                "item \(orphan.item) of fire \(fire) was not run by failover")
                        } else {
                            #expect(
                                completions.contains { $0.scheduledFire > fire && $0.source == .misfire },
                                "item \(orphan.item) of fire \(fire) was not completed by a MISFIRE run")
                            #expect(!completions.contains { $0.source == .failover }, "failover is off")
                        }
                    }
                    await ChaosScenario.expectClean(cluster, from: steady, to: end, covering: killed, name: name)
                }
            }
        }
    }
}
