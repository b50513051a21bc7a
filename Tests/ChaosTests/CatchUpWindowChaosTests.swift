import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsZooKeeperTesting
import Testing

extension ChaosTests {
    /// `catchUpWindow` (issue 17 item 4) on real `bench-worker` processes.
    @Suite("Catch-up window on bench workers")
    struct CatchUpWindowChaosTests {
        @Test("catchUpWindow=10s, the server down 60 s: each item's fires older than the window print SKIP … window, then one MISFIRE run inside the window; no duplicate, no loss")
        func outageLongerThanTheWindow() async throws {
            var options = WorkerOptions()
            options.items = 3
            options.workMillis = 100
            options.catchUpWindowMillis = 10_000
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: "catch-up-window") { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    _ = await cluster.sleepIntoNextFire(offset: 250)
                    let (stopped, started) = try await cluster.restart(server, downtime: .seconds(60))
                    print("[catch-up-window] server down for \(started - stopped) ms")
                    let recovered = await ChaosScenario.soon("a whole fire after the outage") {
                        try await cluster.waitForSpreadFire(
                            over: workers, after: started, timeout: .milliseconds(2 * options.sessionTimeoutMillis + 20_000))
                    }
                    #expect(recovered != nil, "the workers never ran a whole fire together after the outage")
                    await ChaosClock.sleep(untilMillis: (recovered ?? ChaosClock.nowMillis()) + 3_000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: end)
                    print("[catch-up-window] \(await cluster.describe(report, limit: 12))")
                    #expect(report.isClean, "\(report.summary)")
                    let log = await cluster.mergedLog()
                    // The fire running at the stop (250 ms in, 100 ms of work) is the last before it.
                    let gapStart = stopped - 250 + options.periodMillis
                    for item in 0..<options.items {
                        Self.expectSkippedThenCaughtUp(item: item, log: log, after: gapStart, window: 10_000)
                    }
                    if report.isClean { await cluster.removeFiles() }
                }
            }
        }

        /// After the outage the item's first run is one `MISFIRE`, begun within the window of
        /// its fire; every fire from `gapStart` to a window and a period before it was dropped
        /// with `SKIP … window`, and none of them ran.
        static func expectSkippedThenCaughtUp(item: Int, log: ParsedLog, after gapStart: Int64, window: Int64) {
            let runs = (log.executions + log.failures).filter { $0.item == item && $0.scheduledFire >= gapStart }
                .sorted { $0.scheduledFire < $1.scheduledFire }
            guard let first = runs.first else {
                Issue.record("item \(item) never ran after the outage")
                return
            }
            #expect(first.source == .misfire, "item \(item)'s first run after the outage: \(first)")
            #expect(first.start - first.scheduledFire <= window, "item \(item)'s catch-up ran a fire older than the window: \(first)")
            #expect(runs.filter { $0.scheduledFire == first.scheduledFire }.count == 1, "item \(item)'s catch-up ran once")
            let skips = log.skips.filter { $0.item == item && $0.reason == .window }
            let dropped = stride(from: gapStart, through: first.scheduledFire - window - 1_000, by: 1_000)
            #expect(first.scheduledFire - gapStart >= 50_000, "the outage left a gap of about 60 s: \(first.scheduledFire - gapStart) ms")
            for fire in dropped {
                #expect(skips.contains { $0.fires.contains(fire) }, "item \(item)'s fire \(fire) has no SKIP … window")
            }
        }
    }
}
