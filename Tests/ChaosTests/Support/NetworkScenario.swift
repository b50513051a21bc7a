import ChaosHarness
import ExecutionChecker
import Foundation
import Testing
import ShardedJobsZooKeeperTesting

/// What the partition scenarios share: the network-lab condition, a ZooKeeper server on a host
/// of its own and workers each on theirs, and the checks of a cut worker's in-flight items.
enum NetworkScenario {
    /// Runs the scenario where a network lab can be built; skips it elsewhere, unless
    /// `SHARDED_REQUIRE_NETNS=1` (CI), where it runs and fails on the missing lab.
    static var condition: ConditionTrait {
        .enabled(
            if: NetworkLab.unavailability == nil || NetworkLab.isRequired,
            "no network namespaces here (\(NetworkLab.unavailability ?? "")); set \(NetworkLab.requiredVariable)=1 to fail instead")
    }

    /// A lab with a host `zk` running a standalone server and hosts `w1 … wN` for the workers,
    /// then `body` with a cluster on that server; everything is torn down afterwards (workers,
    /// server, then the namespaces).
    static func withServerAndHosts(
        workers count: Int, options: WorkerOptions, name: String,
        _ body: (NetworkLab, ChaosCluster, ZooKeeperServer, [NetworkHost]) async throws -> Void
    ) async throws {
        try await NetworkLab.with { lab in
            let zooKeeper = try await lab.addHost("zk")
            var hosts: [NetworkHost] = []
            for index in 1...count { hosts.append(try await lab.addHost("w\(index)")) }
            try await ZooKeeperServer.withServer(
                configuration: ChaosScenario.serverConfiguration, placement: zooKeeper.placement
            ) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: name) { cluster in
                    try await body(lab, cluster, server, hosts)
                }
            }
        }
    }

    /// The item-fires `worker` had begun and not finished at `instant`, of fire `fire`.
    static func inFlight(_ worker: ChaosWorker, at instant: Int64, fire: Int64) -> Set<ItemFire> {
        Set(worker.inFlight(at: instant).filter { $0.scheduledFire == fire }.map { ItemFire(job: $0.job, fire: $0.scheduledFire, item: $0.item) })
    }

    /// Expects that `worker` committed none of `inFlight` (its items in flight at `cut`) after
    /// the cut, that other workers ran each of them, and a clean check of the run.
    static func expectNoLateCommit(
        _ cluster: ChaosCluster, by worker: ChaosWorker, of inFlight: Set<ItemFire>, cut: Int64,
        from start: Int64, to end: Int64, name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let log = await cluster.mergedLog()
        let key = { (execution: Execution) in ItemFire(job: execution.job, fire: execution.scheduledFire, item: execution.item) }
        let late = log.executions.filter { $0.tag == worker.tag && $0.end >= cut && inFlight.contains(key($0)) }
        print("[\(name)] cut at \(cut), in flight \(inFlight.count), committed after the cut: \(late.map(\.line))")
        #expect(late.isEmpty, "\(worker.tag) committed after the cut: \(late.map(\.line))", sourceLocation: sourceLocation)
        let elsewhere = Set(log.executions.filter { $0.tag != worker.tag }.map(key)).intersection(inFlight)
        #expect(elsewhere == inFlight, "in flight \(inFlight.count), run elsewhere \(elsewhere.count)", sourceLocation: sourceLocation)
        await ChaosScenario.expectClean(cluster, from: start, to: end, covering: cut, name: name, sourceLocation: sourceLocation)
    }

    /// Sleeps until the run has gone on for two session timeouts and two periods after
    /// `healed` (the last heal), and at least until `atLeast`.
    static func runOn(after healed: Int64, options: WorkerOptions, atLeast: Int64 = 0) async {
        let tail = 2 * Int64(options.sessionTimeoutMillis) + 2 * options.periodMillis
        await ChaosClock.sleep(untilMillis: max(healed + tail, atLeast))
    }
}
