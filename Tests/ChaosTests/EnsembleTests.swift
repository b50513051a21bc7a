import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests {
    /// Scenario 4: a 3-node ensemble loses the member the workers use, its leader, and its
    /// quorum.
    @Suite("4. 3-node ensemble faults")
    struct EnsembleTests {
        @Test("kill -9 of the member most workers are connected to, started again later: no duplicate, no loss")
        func killConnectedMember() async throws {
            try await Self.run(name: "ensemble-connected") { cluster, ensemble in
                let (index, tags) = try await cluster.killConnectedMember(of: ensemble)
                #expect(!tags.isEmpty)
                try await Task.sleep(for: .seconds(3))
                try await cluster.start([index], of: ensemble)
            }
        }

        @Test("kill -9 of the ensemble leader, started again later: no duplicate, no loss")
        func killLeader() async throws {
            try await Self.run(name: "ensemble-leader") { cluster, ensemble in
                let leader = try await cluster.killLeader(of: ensemble)
                try await Task.sleep(for: .seconds(3))
                try await cluster.start([leader], of: ensemble)
            }
        }

        @Test("two of three members stopped past the session timeout and brought back: no duplicate, no loss")
        func quorumLostPastSessionTimeout() async throws {
            try await Self.run(name: "ensemble-quorum") { cluster, ensemble in
                let stopped = try await cluster.loseQuorum(
                    of: ensemble, downtime: .milliseconds(cluster.options.sessionTimeoutMillis + 2000))
                #expect(stopped.count == 2)
            }
        }

        /// 3 workers on the ensemble (6 items every second, 500 ms of work, 4 s sessions); the
        /// fault 250 ms into a fire; then a whole fire on all workers, a few more fires, the
        /// check.
        static func run(
            name: String, fault: @escaping (ChaosCluster, ZooKeeperEnsemble) async throws -> Void
        ) async throws {
            var options = WorkerOptions()
            options.sessionTimeoutMillis = 4000
            try await ZooKeeperEnsemble.withEnsemble(configuration: ChaosScenario.serverConfiguration) { ensemble in
                try await ChaosScenario.withCluster(connectString: ensemble.connectString, options: options, name: name) { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let faulted = await cluster.sleepIntoNextFire(offset: 250) + 250
                    try await fault(cluster, ensemble)
                    let healed = ChaosClock.nowMillis()

                    let recovered = await ChaosScenario.soon("a whole fire on all workers after the fault") {
                        try await cluster.waitForSpreadFire(
                            over: workers, after: healed, timeout: .milliseconds(2 * options.sessionTimeoutMillis + 15_000))
                    }
                    #expect(recovered != nil, "the workers never ran a whole fire together after the fault")
                    await ChaosClock.sleep(untilMillis: (recovered ?? ChaosClock.nowMillis()) + 4000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    await ChaosScenario.expectClean(cluster, from: steady, to: end, covering: faulted, name: name)
                }
            }
        }
    }
}
