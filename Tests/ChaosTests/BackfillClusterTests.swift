import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsOperations
import ShardedJobsZooKeeperTesting
import Testing
import TestSupport

extension ChaosTests {
    /// Backfills (issue 17 item 4) on real `bench-worker` processes.
    @Suite("Backfills on bench workers")
    struct BackfillClusterTests {
        @Test("a backfill of 20 fires on 3 workers with a kill -9 mid-way runs each (fire, item) once; the regular fires stay clean")
        func killMidway() async throws {
            var options = WorkerOptions()
            options.cron = "0/2 * * * * ?"
            options.periodMillis = 2_000
            options.items = 3
            options.workMillis = 200
            let job = options.jobName
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: "backfill-kill") { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    // The 20 fires 50 s to 12 s ago (every 2 s).
                    let now = Int64(Date().timeIntervalSince1970 * 1000)
                    let first = (now - 50_000) / 2_000 * 2_000 + 2_000
                    let fires = (0..<20).map { first + Int64($0) * 2_000 }
                    let summary = try await ChaosObserver.with(server.connectString, namespace: cluster.namespace) { observer in
                        try await JobOperations(client: observer).backfill(
                            job: job, from: fires[0], to: fires[19], id: "fill")
                    }
                    #expect(summary.fires == 20 && summary.firstFire == fires[0] && summary.lastFire == fires[19])
                    let wanted = Set(fires.flatMap { fire in (0..<3).map { "\(fire)/\($0)" } })
                    /// The backfill's committed (fire, item)s so far, over every worker's output.
                    let committed: @Sendable () async -> [String] = {
                        await cluster.mergedLog().executions
                            .filter { $0.isCommit && $0.source == .backfill && $0.runID == "fill" }
                            .map { "\($0.scheduledFire)/\($0.item)" }
                    }
                    _ = try await cluster.waitForOutput("half the backfill's item-fires", timeout: .seconds(60)) {
                        await committed().count >= wanted.count / 2 ? true : nil
                    }
                    // The victim: a worker in the middle of a backfill execution (its BEGIN
                    // printed, its end not yet).
                    let victim = try await cluster.waitForOutput("a worker running a backfill fire", timeout: .seconds(30)) {
                        workers.first { worker in
                            worker.refresh()
                            let log = worker.log
                            let ended = Set(log.executions.map { "\($0.scheduledFire)/\($0.item)" })
                                .union(log.failures.map { "\($0.scheduledFire)/\($0.item)" })
                            return log.begins.contains { $0.source == .backfill && !ended.contains("\($0.scheduledFire)/\($0.item)") }
                        }
                    }
                    _ = await cluster.kill(victim)
                    _ = try await cluster.waitForOutput("every item-fire of the backfill", timeout: .seconds(90)) {
                        Set(await committed()).isSuperset(of: wanted) ? true : nil
                    }
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: end)
                    print("[backfill-kill] \(await cluster.describe(report, limit: 12))")
                    #expect(report.duplicates.isEmpty && report.lost.isEmpty && report.violations.isEmpty, "\(report.summary)")
                    let runs = await committed()
                    let rerun = Dictionary(grouping: runs, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
                    let excused = Set(report.excusedReruns.map { "\($0.scheduledFire)/\($0.item)" })
                    #expect(rerun.allSatisfy { excused.contains($0) }, "re-runs the kill does not excuse: \(rerun)")
                    #expect(Set(runs) == wanted, "only the backfill's fires ran as it")
                    let order = await cluster.mergedLog().executions
                        .filter { $0.isCommit && $0.runID == "fill" && $0.item == 0 }.sorted { $0.start < $1.start }.map(\.scheduledFire)
                    #expect(Array(Set(order)).sorted() == fires && order == order.sorted(), "item 0 ran the range oldest first")
                    if report.isClean { await cluster.removeFiles() }
                }
            }
        }
    }
}
