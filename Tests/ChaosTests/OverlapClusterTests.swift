import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests {
    /// `overlapPolicy` (issue 17 item 3) on real `bench-worker` processes: a 1 s job of 4 items
    /// whose item 0 works 2.5 s on its regular fires (a catch-up is quick), checked by the
    /// checker. Overlap is per item: the other items take every fire.
    @Suite("Overlap policies on bench workers")
    struct OverlapClusterTests {
        /// Runs two workers under `policy` for about ten fires; returns the check, the log and
        /// the checked window.
        static func run(_ policy: String) async throws -> (report: CheckReport, log: ParsedLog, from: Int64, to: Int64) {
            var options = WorkerOptions()
            options.items = 4
            options.workMillis = 100
            options.overlapPolicy = policy
            options.slowItem = 0
            options.slowItemMillis = 2_500
            var outcome: (CheckReport, ParsedLog, Int64, Int64)?
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: "overlap-\(policy)") { cluster in
                    let workers = try await cluster.startWorkers(2)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    await ChaosClock.sleep(untilMillis: steady + 10_000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: end)
                    print("[overlap-\(policy)] \(await cluster.describe(report, limit: 12))")
                    let log = await cluster.mergedLog()
                    outcome = (report, log, steady, end)
                    if report.isClean { await cluster.removeFiles() }
                }
            }
            let (report, log, from, to) = try #require(outcome)
            #expect(report.duplicates.isEmpty && report.lost.isEmpty && report.violations.isEmpty, "\(report.summary)")
            // Per item: items 1 … 3 run every fire, whatever item 0 does.
            for fire in stride(from: from + 1_000, through: from + 8_000, by: 1_000) {
                let items = Set(log.executions.filter { $0.scheduledFire == fire }.map(\.item))
                #expect(items.isSuperset(of: [1, 2, 3]), "fire \(fire) ran items \(items.sorted())")
            }
            return (report, log, from, to)
        }

        /// Item 0's commits in the window, by start.
        static func itemZero(_ log: ParsedLog, from: Int64, to: Int64) -> [Execution] {
            log.executions.filter { $0.item == 0 && $0.scheduledFire >= from && $0.scheduledFire <= to }.sorted { $0.start < $1.start }
        }

        @Test("bufferOne: each long run of item 0 is followed by one MISFIRE run, never beside it; no duplicate, no loss")
        func bufferOne() async throws {
            let (_, log, from, to) = try await Self.run("bufferOne")
            let runs = Self.itemZero(log, from: from, to: to)
            #expect(runs.filter { $0.source == .misfire }.count >= 2, "\(runs)")
            for (earlier, later) in zip(runs, runs.dropFirst()) {
                #expect(later.start >= earlier.end - 50, "item 0 ran twice at once: \(earlier) and \(later)")
            }
            #expect(log.skips.isEmpty && log.failures.allSatisfy { $0.failure?.cause != "overlap" })
        }

        @Test("skip: fires of item 0 that come due while it runs print SKIP … skip and never run; no duplicate, no loss")
        func skip() async throws {
            let (_, log, from, to) = try await Self.run("skip")
            let skips = log.skips.filter { $0.item == 0 && $0.reason == .skip && $0.fromFire >= from }
            #expect(skips.count >= 2, "\(log.skips)")
            #expect(Self.itemZero(log, from: from, to: to).allSatisfy { $0.source == .normalTrigger }, "a skipped fire was caught up")
        }

        @Test("cancelRunning: item 0 is stopped with FAIL … overlap, then the new fire runs; no duplicate, no loss")
        func cancelRunning() async throws {
            let (_, log, from, to) = try await Self.run("cancelRunning")
            let stopped = log.failures.filter { $0.item == 0 && $0.failure?.cause == "overlap" && $0.scheduledFire >= from && $0.scheduledFire < to - 2_500 }
            #expect(stopped.count >= 2, "\(log.failures)")
            let runs = Self.itemZero(log, from: from, to: to)
            for failure in stopped {
                #expect(
                    runs.contains { $0.scheduledFire > failure.scheduledFire && $0.start >= failure.end - 50 },
                    "no run of item 0 after its stop at \(failure.scheduledFire) (\(failure)): \(runs)")
            }
        }
    }
}
