import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests {
    /// Scenario 3: the single ZooKeeper server restarted within and past the session timeout.
    @Suite("3. ZooKeeper server restart")
    struct ServerRestartTests {
        @Test("restart within the session timeout: work goes on; fires during the outage are caught up; no duplicate, no loss")
        func withinSessionTimeout() async throws {
            var options = WorkerOptions()
            options.sessionTimeoutMillis = 8000  // a lease of about 5.3 s: longer than a restart here
            try await Self.run(options: options, downtime: .zero, name: "restart-within")
        }

        @Test("kept down past the session timeout, old sessions restored for one more timeout: no duplicate, no loss")
        func pastSessionTimeout() async throws {
            let options = WorkerOptions()
            try await Self.run(
                options: options, downtime: .milliseconds(options.sessionTimeoutMillis + 2000), name: "restart-past")
        }

        /// 3 workers, 6 items every second, 500 ms of work; the server is stopped 250 ms into a
        /// fire, kept down for `downtime` and started again on its data; after the workers run a
        /// whole fire together again (within two session timeouts), a few more fires, then the
        /// check.
        static func run(options: WorkerOptions, downtime: Duration, name: String) async throws {
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: name) { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    _ = await cluster.sleepIntoNextFire(offset: 250)
                    let (stopped, started) = try await cluster.restart(server, downtime: downtime)
                    print("[\(name)] server down for \(started - stopped) ms (session timeout \(options.sessionTimeoutMillis) ms)")

                    let recovered = await ChaosScenario.soon("a whole fire after the restart") {
                        try await cluster.waitForSpreadFire(
                            over: workers, after: started, timeout: .milliseconds(2 * options.sessionTimeoutMillis + 15_000))
                    }
                    #expect(recovered != nil, "the workers never ran a whole fire together after the restart")
                    await ChaosClock.sleep(untilMillis: (recovered ?? ChaosClock.nowMillis()) + 4000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    await ChaosScenario.expectClean(cluster, from: steady, to: end, covering: stopped, name: name)
                }
            }
        }
    }
}
