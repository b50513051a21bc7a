import ChaosHarness
import ExecutionChecker
import Foundation
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests.PartitionTests {
    /// 3 workers each on its own host, 6 items of 1.7 s every 2 s, 4 s sessions; a fourth
    /// worker joins while items run, so the job's leader creates `leader/sharding/processing`
    /// and waits for them; the leader's host is cut off while that node exists, kept off for
    /// twice the session timeout, then healed.
    @Test("the job leader cut off while leader/sharding/processing exists: a survivor reshards; no duplicate, no loss")
    func leaderCutWhileResharding() async throws {
        var options = WorkerOptions()
        options.cron = "*/2 * * * * ?"
        options.periodMillis = 2000
        options.workMillis = 1700
        options.sessionTimeoutMillis = 4000
        let name = "partition-leader"
        let leaderPath = "/\(options.jobName)/leader/election/instance"
        let processing = "/\(options.jobName)/leader/sharding/processing"
        try await NetworkScenario.withServerAndHosts(workers: 4, options: options, name: name) { lab, cluster, server, hosts in
            let workers = try await cluster.startWorkers(3, on: Array(hosts[0..<3]))
            let steady = try await cluster.waitForSpreadFire(over: workers)
            let (leaderIndex, cut, stillProcessing, joined) = try await ChaosObserver.with(
                server.connectString, namespace: cluster.namespace
            ) { observer in
                let instance = String(
                    decoding: try await observer.getData(leaderPath).bytes, as: UTF8.self)
                guard let leaderIndex = hosts.firstIndex(where: { instance.hasPrefix($0.address + "@") }) else {
                    throw ChaosError("the leader \(instance) is on none of the hosts")
                }
                // The join (or, on a retry, the leaving) of a worker makes the leader reshard;
                // while items run it holds `processing` until they end.
                var cut: Int64 = 0
                var stillProcessing = false
                var joined: ChaosWorker?
                for _ in 0..<4 where !stillProcessing {
                    _ = try await cluster.waitForBegin(of: workers[0], after: ChaosClock.nowMillis())
                    if let worker = joined {
                        await cluster.stop(worker)
                        joined = nil
                    } else {
                        joined = try await cluster.startWorker(on: hosts[3])
                    }
                    try await ChaosObserver.waitForNode(observer, processing, timeout: .seconds(20))
                    cut = try await cluster.cut(hosts[leaderIndex], in: lab)
                    stillProcessing = try await observer.exists(processing) != nil
                    if !stillProcessing { try await cluster.heal(hosts[leaderIndex], in: lab) }
                }
                return (leaderIndex, cut, stillProcessing, joined)
            }
            #expect(stillProcessing, "the leader's processing node was gone at each of 4 cuts")
            let leader = workers[leaderIndex]
            let survivors = workers + (joined.map { [$0] } ?? [])
            try await Task.sleep(for: .milliseconds(2 * options.sessionTimeoutMillis))
            let healed = try await cluster.heal(hosts[leaderIndex], in: lab)

            let recovered = await ChaosScenario.soon("a whole fire on all workers after the heal") {
                try await cluster.waitForSpreadFire(over: survivors, after: healed + 1000, timeout: .seconds(40))
            }
            #expect(recovered != nil, "the workers never ran a whole fire together after the heal")
            await NetworkScenario.runOn(after: healed, options: options, atLeast: (recovered ?? 0) + 2 * options.periodMillis)
            let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
            let log = await cluster.mergedLog()
            // Past the 0.5 s window (and 100 ms for the line to be printed) nothing may commit.
            let late = log.executions.filter { $0.tag == leader.tag && $0.end >= cut + 600 && $0.end < healed }
            #expect(late.isEmpty, "the cut leader committed while cut off: \(late.map(\.line))")
            await ChaosScenario.expectClean(cluster, from: steady, to: end, covering: cut, name: name)
        }
    }
}
