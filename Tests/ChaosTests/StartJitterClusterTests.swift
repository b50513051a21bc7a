import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests {
    /// `startJitter` (issue 17 item 7) on real `bench-worker` processes: starts move, fire
    /// times stay on the grid, and the checker finds neither a duplicate nor a loss.
    @Suite("Start jitter on bench workers")
    struct StartJitterClusterTests {
        @Test("startJitter=400ms on a 1 s job: every item of a fire starts together at its offset, the offsets spread over the range, fire times stay on the grid; no duplicate, no loss")
        func spreadStarts() async throws {
            var options = WorkerOptions()
            options.workMillis = 100
            options.startJitterMillis = 400
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: "start-jitter") { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    // Fifteen fires, so that the offsets can show their spread.
                    await ChaosClock.sleep(untilMillis: steady + 15_000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: end)
                    print("[start-jitter] \(await cluster.describe(report, limit: 12))")
                    #expect(report.duplicates.isEmpty && report.lost.isEmpty, "\(report.summary)")
                    #expect(report.itemFiresChecked >= ChaosScenario.minimum(options), "checked \(report.itemFiresChecked)")

                    let executions = await cluster.mergedLog().executions.filter { $0.scheduledFire >= steady && $0.scheduledFire <= end }
                    #expect(executions.allSatisfy { $0.scheduledFire % 1000 == 0 }, "a fire time left the grid")
                    let byFire = Dictionary(grouping: executions.filter { $0.source == .normalTrigger }, by: \.scheduledFire)
                    var offsets: [Int64] = []
                    for (fire, runs) in byFire.sorted(by: { $0.key < $1.key }) {
                        let starts = runs.map { $0.start - fire }
                        guard let first = starts.min(), let last = starts.max() else { continue }
                        // Every instance starts the fire at the same jittered instant.
                        #expect(first >= 0 && last - first < 150, "fire \(fire): starts \(starts.sorted()) ms after it")
                        #expect(first < 400 + 100, "fire \(fire) started \(first) ms late with a 400 ms jitter")
                        offsets.append(first)
                    }
                    #expect(offsets.count >= 12, "\(offsets.count) fires")
                    let spread = (offsets.max() ?? 0) - (offsets.min() ?? 0)
                    #expect(spread >= 200, "offsets \(offsets) spread over \(spread) ms of the 400 ms range")
                    if report.isClean { await cluster.removeFiles() }
                }
            }
        }
    }
}
