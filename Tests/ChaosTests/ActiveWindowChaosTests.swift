import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsZooKeeperTesting
import Testing

extension ChaosTests {
    /// `activeUntil` (issue 17 item 8) on real `bench-worker` processes.
    @Suite("Active window on bench workers")
    struct ActiveWindowChaosTests {
        @Test("activeUntil 12 s ahead on a 1 s job: every fire before it runs once on 3 workers, nothing from it on (the checker forbids those fires), each of those fires a SKIP … inactive per item")
        func nothingAfterUntil() async throws {
            var options = WorkerOptions()
            options.workMillis = 100
            options.items = 3
            let until = (Int64(Date().timeIntervalSince1970 * 1000) + 12_000) / 1000 * 1000
            options.activeUntilMillis = Int(until)
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: "active-until") { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    // Four periods past the end: long enough for any late fire to show.
                    await ChaosClock.sleep(untilMillis: until + 4_000)
                    _ = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: until)
                    print("[active-until] \(await cluster.describe(report, limit: 12))")
                    #expect(report.isClean, "\(report.summary)")
                    #expect(report.itemFiresChecked >= 3 * 3, "checked \(report.itemFiresChecked)")
                    let log = await cluster.mergedLog()
                    let late = log.executions.filter { $0.scheduledFire >= until } + log.failures.filter { $0.scheduledFire >= until }
                    #expect(late.isEmpty, "ran after activeUntil: \(late)")
                    #expect(log.begins.allSatisfy { $0.scheduledFire < until })
                    #expect(log.executions.contains { $0.scheduledFire == until - 1_000 }, "the last fire before activeUntil ran")
                    // The cron's fires from activeUntil on are reported, each item by its owner.
                    for fire in stride(from: until, through: until + 2_000, by: 1_000) {
                        let skipped = Set(log.skips.filter { $0.reason == .inactive && ($0.fromFire...$0.toFire).contains(fire) }.map(\.item))
                        #expect(skipped == [0, 1, 2], "fire \(fire): SKIP … inactive for items \(skipped.sorted())")
                    }
                    if report.isClean { await cluster.removeFiles() }
                }
            }
        }
    }
}
