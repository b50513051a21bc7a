import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsOperations
import ShardedJobsZooKeeperTesting
import Testing
import TestSupport

extension ChaosTests {
    /// An operator's kill (issue 17 item 2) on real `bench-worker` processes.
    @Suite("Operator kill on bench workers")
    struct KillChaosTests {
        @Test("a kill of an item whose worker is frozen reports not reachable after its wait and completes the item; resumed, the worker commits nothing of it and nothing runs it again; the checker clean")
        func frozenOwner() async throws {
            var options = WorkerOptions()
            options.cron = "0/5 * * * * ?"
            options.periodMillis = 5_000
            options.items = 2
            options.workMillis = 100
            options.slowItem = 0
            options.slowItemMillis = 4_000
            // Sessions outlive the kill's wait: the frozen owner's marks are not failed over first.
            options.sessionTimeoutMillis = 10_000
            let job = options.jobName
            let running = "/\(job)/sharding/0/running"
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: "kill-frozen") { cluster in
                    let workers = try await cluster.startWorkers(2)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let (owner, fire, results) = try await ChaosObserver.with(server.connectString, namespace: cluster.namespace) { observer in
                        // Item 0's next regular run, 4 s long: its owner is frozen at once.
                        let mark = try await pollValue("item 0's next mark", within: .seconds(30), every: .milliseconds(5)) {
                            let mark = (try? await observer.getData(running)).map { RunningMark($0.string) }
                            return (mark?.fire ?? steady) > steady ? mark : nil
                        }
                        let (owner, fire) = try mark.owner(among: workers)
                        _ = await cluster.freeze(owner)
                        let results = try await JobOperations(client: observer).kill(job: job, item: 0, wait: .seconds(2))
                        return (owner, fire, results)
                    }
                    #expect(results.map(\.outcome) == [.notReachable] && results.first?.fire == fire, "\(results)")
                    _ = await cluster.resume(owner)
                    // Two more fires after the resume.
                    await ChaosClock.sleep(untilMillis: ChaosClock.nowMillis() + 2 * options.periodMillis + 1_000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: end, completedByOperator: [(item: 0, fire: fire)])
                    print("[kill-frozen] \(await cluster.describe(report, limit: 12))")
                    #expect(report.isClean, "\(report.summary)")
                    let log = await cluster.mergedLog()
                    let commits = log.executions.filter { $0.item == 0 && $0.scheduledFire == fire && $0.isCommit }
                    #expect(commits.isEmpty, "the killed item-fire committed: \(commits)")
                    let begins = log.begins.filter { $0.item == 0 && $0.scheduledFire == fire }
                    #expect(begins.count == 1 && begins.first?.tag == owner.tag, "the killed item-fire ran again: \(begins)")
                    if report.isClean { await cluster.removeFiles() }
                }
            }
        }
    }
}
