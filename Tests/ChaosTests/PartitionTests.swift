import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests {
    /// Scenario 6: real network partitions. Workers (and ZooKeeper) run in network namespaces
    /// of a `NetworkLab`; a cut detaches a host's bridge port, so its packets vanish while its
    /// processes run on (issue 16, item 7).
    @Suite("6. Network partitions", NetworkScenario.condition)
    struct PartitionTests {
        /// 3 workers each on its own host, the server on another, failover on, 4 s sessions,
        /// 6 items of 1.5 s every 2 s; the second worker is cut off 600 ms into its items, kept
        /// off for twice its session timeout (the server expires its session, survivors fail
        /// its items over), then healed.
        @Test("a worker cut off 600 ms into its items, past its session, commits none of them; survivors fail them over; no duplicate, no loss")
        func cutPastSession() async throws {
            var options = WorkerOptions()
            options.cron = "*/2 * * * * ?"
            options.periodMillis = 2000
            options.workMillis = 1500
            options.sessionTimeoutMillis = 4000
            let name = "partition-worker"
            try await NetworkScenario.withServerAndHosts(workers: 3, options: options, name: name) { lab, cluster, _, hosts in
                let workers = try await cluster.startWorkers(3, on: hosts)
                let steady = try await cluster.waitForSpreadFire(over: workers)
                let victim = workers[1]
                var fire: Int64 = 0
                var cut: Int64 = 0
                var inFlight: Set<ItemFire> = []
                // On a loaded machine the BEGIN line may be read late: a cut that caught nothing
                // in flight is healed at once (far below the lease) and tried at the next fire.
                for _ in 0..<5 where inFlight.isEmpty {
                    fire = try await cluster.waitForBegin(of: victim, after: ChaosClock.nowMillis())
                    let began = victim.log.begins.filter { $0.scheduledFire == fire }.map(\.start).min() ?? fire
                    await ChaosClock.sleep(untilMillis: began + 600)
                    cut = try await cluster.cut(hosts[1], in: lab)
                    inFlight = NetworkScenario.inFlight(victim, at: cut, fire: fire)
                    if inFlight.isEmpty { try await cluster.heal(hosts[1], in: lab) }
                }
                #expect(!inFlight.isEmpty, "\(victim.tag) had no item in flight when cut, in 5 tries")
                try await Task.sleep(for: .milliseconds(2 * options.sessionTimeoutMillis))
                let healed = try await cluster.heal(hosts[1], in: lab)

                let rejoined = await ChaosScenario.soon("the healed worker takes part again") {
                    try await cluster.waitForSpreadFire(over: workers, after: healed + 1000, timeout: .seconds(40))
                }
                #expect(rejoined != nil, "\(victim.tag) never ran items again after the heal")
                await NetworkScenario.runOn(after: healed, options: options, atLeast: (rejoined ?? 0) + 2 * options.periodMillis)
                let end = try await ChaosScenario.stop(cluster, windowFrom: steady)

                await NetworkScenario.expectNoLateCommit(
                    cluster, by: victim, of: inFlight, cut: cut, from: steady, to: end, name: name)
            }
        }
    }
}
