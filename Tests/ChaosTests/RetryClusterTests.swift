import ChaosHarness
import ExecutionChecker
import Foundation
import Testing
import ShardedJobsZooKeeperTesting
import TestSupport

extension ChaosTests {
    /// Retries (issue 17 item 5) on real `bench-worker` processes: item 0 fails the first two
    /// attempts of every fire before its commit check, with `retry.maxAttempts=3`.
    @Suite("Retries on bench workers")
    struct RetryClusterTests {
        @Test("a worker killed -9 during attempt 2's backoff: the claimer runs attempt 3 (one run, which commits); no duplicate, no loss")
        func killedDuringBackoff() async throws {
            var options = WorkerOptions()
            options.cron = "0/5 * * * * ?"
            options.periodMillis = 5_000
            options.items = 2
            options.workMillis = 100
            options.retries = 3
            options.retryBackoffMillis = 4_000
            options.failingItem = 0
            options.failingAttempts = 2
            let running = "/\(options.jobName)/sharding/0/running"
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: "retry-kill") { cluster in
                    let workers = try await cluster.startWorkers(2)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let (owner, fire) = try await ChaosObserver.with(server.connectString, namespace: cluster.namespace) { observer in
                        // The worker whose mark of item 0 says attempt 2: its first attempt failed
                        // and its backoff runs.
                        let mark = try await pollValue("item 0's mark of attempt 2", within: .seconds(30), every: .milliseconds(5)) {
                            (try? await observer.getData(running)).map(\.string).flatMap { $0.hasSuffix(" a=2") ? $0 : nil }
                        }
                        return try RunningMark(mark).owner(among: workers)
                    }
                    _ = await cluster.kill(owner)
                    let survivor = try #require(workers.first { $0 !== owner })
                    let committed = try await cluster.waitForOutput("item 0's fire \(fire) to commit on the claimer", timeout: .seconds(40)) {
                        survivor.refresh()
                        return survivor.log.executions.first { $0.item == 0 && $0.scheduledFire == fire && $0.isCommit }
                    }
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: end)
                    print("[retry-kill] \(await cluster.describe(report, limit: 12))")
                    #expect(report.duplicates.isEmpty && report.lost.isEmpty && report.violations.isEmpty, "\(report.summary)")
                    #expect(committed.source == .failover, "\(committed)")
                    let log = await cluster.mergedLog()
                    let claimerRuns = log.begins.filter { $0.item == 0 && $0.scheduledFire == fire && $0.source == .failover }
                    #expect(claimerRuns.count == 1, "the claimer ran attempt 3 at once (attempt 2 would have failed and run again): \(claimerRuns)")
                    #expect(log.executions.filter { $0.item == 0 && $0.scheduledFire == fire && $0.isCommit }.count == 1)
                    if report.isClean { await cluster.removeFiles() }
                }
            }
        }
    }
}
