import ChaosHarness
import ExecutionChecker
import Testing
import TestSupport
import ShardedJobsZooKeeperTesting

extension ChaosTests.PartitionTests {
    /// 3 workers each on its own host, 6 items of 500 ms every second, 4 s sessions; the second
    /// worker's link goes down 20 times, each time for 0.5 s to half a session (drawn from a
    /// printed seed), and up again for 1 to 1.5 s. Below the session timeout the session
    /// survives each cut; its commits in the cuts are refused (no recent contact).
    @Test("a worker's link flapping 20 times (down 0.5 s … half a session, up 1 s … 1.5 s): no duplicate, no loss")
    func flappingLink() async throws {
        var options = WorkerOptions()
        options.sessionTimeoutMillis = 4000
        let name = "partition-flap"
        let seed = UInt64(ChaosClock.nowMillis())
        var random = SeededRandom(seed: seed)
        let steps = (0..<20).map { _ in
            (down: Duration.milliseconds(random.int(500...options.sessionTimeoutMillis / 2)),
             up: Duration.milliseconds(random.int(1000...1500)))
        }
        print("[\(name)] seed \(seed): down \(steps.map { "\($0.down)" }.joined(separator: " "))")
        try await NetworkScenario.withServerAndHosts(workers: 3, options: options, name: name) { lab, cluster, _, hosts in
            let workers = try await cluster.startWorkers(3, on: hosts)
            let steady = try await cluster.waitForSpreadFire(over: workers)
            let first = await cluster.sleepIntoNextFire(offset: 250) + 250
            let healed = try await cluster.flap(hosts[1], in: lab, steps: steps)

            let recovered = await ChaosScenario.soon("a whole fire on all workers after the last heal") {
                try await cluster.waitForSpreadFire(
                    over: workers, after: healed, timeout: .milliseconds(2 * options.sessionTimeoutMillis + 15_000))
            }
            #expect(recovered != nil, "the workers never ran a whole fire together after the last heal")
            await NetworkScenario.runOn(after: healed, options: options, atLeast: (recovered ?? 0) + 2 * options.periodMillis)
            let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
            await ChaosScenario.expectClean(cluster, from: steady, to: end, covering: first, name: name)
        }
    }
}
