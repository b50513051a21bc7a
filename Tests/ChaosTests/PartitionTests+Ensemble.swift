import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests.PartitionTests {
    /// A 3-member ensemble with Debian's timing (tickTime 2 s, initLimit 10, syncLimit 5: a
    /// follower cut off from its leader serves reads and pings for 10 s), each member on its
    /// own host; worker `w1` shares a follower's host and uses only that member, `w2` and `w3`
    /// have hosts of their own and the whole ensemble. 6 items of 6 s every 10 s, 4 s
    /// sessions. The follower's host is cut off from the rest 600 ms into `w1`'s items — the
    /// leader expires `w1`'s session while its member still answers it —, then healed after
    /// twice the session timeout.
    @Test("a worker whose member is cut off from the leader 600 ms into its 6 s items commits none of them; no duplicate, no loss")
    func memberCutOffFromLeader() async throws {
        var options = WorkerOptions()
        options.cron = "*/10 * * * * ?"
        options.periodMillis = 10_000
        options.workMillis = 6000
        options.sessionTimeoutMillis = 4000
        let name = "partition-member"
        var configuration = ChaosScenario.serverConfiguration
        configuration.tickTime = .seconds(2)
        configuration.initLimit = 10
        configuration.syncLimit = 5
        configuration.minSessionTimeout = .seconds(4)
        try await NetworkLab.with { lab in
            var members: [NetworkHost] = []
            for index in 1...3 { members.append(try await lab.addHost("zk\(index)")) }
            let own = [try await lab.addHost("w2"), try await lab.addHost("w3")]
            try await ZooKeeperEnsemble.withEnsemble(
                configuration: configuration, placements: members.map(\.placement)
            ) { ensemble in
                let leader = try #require(await ensemble.leaderIndex())
                let follower = try #require(members.indices.first { $0 != leader })
                try await ChaosScenario.withCluster(connectString: ensemble.connectString, options: options, name: name) { cluster in
                    let w1 = try await cluster.startWorker(
                        recorded: false, on: members[follower], connectString: ensemble.servers[follower].connectString)
                    var workers = [w1]
                    for host in own { workers.append(try await cluster.startWorker(recorded: false, on: host)) }
                    try await cluster.waitUntilReady(workers)
                    let steady = try await cluster.waitForSpreadFire(over: workers, timeout: .seconds(90))
                    let fire = try await cluster.waitForBegin(of: w1, after: ChaosClock.nowMillis(), timeout: .seconds(25))
                    let began = w1.log.begins.filter { $0.scheduledFire == fire }.map(\.start).min() ?? fire
                    await ChaosClock.sleep(untilMillis: began + 600)
                    let cut = try await cluster.cut(members[follower], in: lab)
                    let inFlight = NetworkScenario.inFlight(w1, at: cut, fire: fire)
                    #expect(!inFlight.isEmpty, "\(w1.tag) had no item in flight when its member was cut off")
                    try await Task.sleep(for: .milliseconds(2 * options.sessionTimeoutMillis))
                    let healed = try await cluster.heal(members[follower], in: lab)

                    let recovered = await ChaosScenario.soon("a whole fire on all workers after the heal") {
                        try await cluster.waitForSpreadFire(over: workers, after: healed + 1000, timeout: .seconds(60))
                    }
                    #expect(recovered != nil, "the workers never ran a whole fire together after the heal")
                    await NetworkScenario.runOn(after: healed, options: options, atLeast: (recovered ?? 0) + 2 * options.periodMillis)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)

                    await NetworkScenario.expectNoLateCommit(
                        cluster, by: w1, of: inFlight, cut: cut, from: steady, to: end, name: name)
                }
            }
        }
    }
}
