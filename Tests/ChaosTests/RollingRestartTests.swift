import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests {
    /// Scenario 5: a rolling restart of every worker while a job with 10 items fires every
    /// second.
    @Suite("5. Rolling restart")
    struct RollingRestartTests {
        @Test("every worker replaced one by one (SIGTERM, new process, READY) under a 10-item job firing every second: no duplicate, no loss")
        func rollingRestart() async throws {
            var options = WorkerOptions()
            options.items = 10
            options.workMillis = 200
            let name = "rolling"
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: name) { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let firstStop = await cluster.sleepIntoNextFire(offset: 100) + 100
                    let replacements = try await cluster.rollingRestart(settle: .seconds(3))
                    #expect(replacements.count == 3)

                    let recovered = await ChaosScenario.soon("a whole fire on the new workers") {
                        try await cluster.waitForSpreadFire(over: replacements, after: ChaosClock.nowMillis(), timeout: .seconds(30))
                    }
                    #expect(recovered != nil, "the new workers never ran a whole fire together")
                    await ChaosClock.sleep(untilMillis: (recovered ?? ChaosClock.nowMillis()) + 4000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    for worker in workers { #expect(await worker.waitForExit(timeout: .zero) == 0, "\(worker.tag) exit status") }
                    await ChaosScenario.expectClean(cluster, from: steady, to: end, covering: firstStop, name: name)
                }
            }
        }
    }
}
