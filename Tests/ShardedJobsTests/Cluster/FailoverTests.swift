import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ClusterTests {
    /// Failover, misfire and repair with in-process schedulers (the multi-process scenarios are
    /// the chaos suite's).
    @Suite("Failover, misfire and repair")
    struct FailoverTests {
        @Test("a session expired mid-run: its items are cancelled and run by the others as FAILOVER; nothing runs twice")
        func expiryMidRun() async throws {
            try await TestCluster.with(Self.runExpiryMidRun)
        }

        @Sendable static func runExpiryMidRun(_ cluster: TestCluster) async throws {
            let configuration = JobConfiguration(
                name: "expiry", schedule: try .cron("0/3 * * * * ?"), shardingTotalCount: 6, failover: true)
            var members: [JobScheduler] = []
            for member in 1...3 {
                members.append(try await cluster.start(member: member, configuration: configuration, work: .milliseconds(2500)))
            }
            try await cluster.log.wait("a fire on three instances") { completeFires($0, items: 6, instances: 3).count >= 1 }
            // Expire member 1's session 300 ms into the next fire, while its items run.
            let fire = (cluster.log.fires.last ?? 0) + 3000
            try await Task.sleep(until: .now + .milliseconds(max(0, fire + 300 - nowMillis())))
            guard let session = members[0].client.session else { throw FailoverTestError("member 1 has no session") }
            try await SessionExpirer.expire(
                sessionID: session.id, password: session.password, connectString: cluster.server.connectString)
            try await cluster.log.wait("every item of the interrupted fire", within: .seconds(20)) { all in
                Set(all.filter { $0.fire == fire }.map(\.item)) == Set(0..<6)
            }
            let interrupted = cluster.log.executions(ofFire: fire)
            let member1 = members[0].instanceID.description
            #expect(!interrupted.contains { $0.instance == member1 }, "the expired member committed nothing")
            #expect(interrupted.filter { $0.source == .failover }.count == 2, "\(interrupted)")
            try await cluster.log.wait("member 1 back, running items again", within: .seconds(20)) { all in
                all.contains { $0.instance == member1 && $0.fire > fire }
            }
            #expect(duplicates(cluster.log.all).isEmpty, "\(duplicates(cluster.log.all))")
        }

        @Test("a completion that could not be recorded while ZooKeeper was down is recorded on the next session, not run again")
        func completionAfterOutage() async throws {
            try await TestCluster.with(Self.runCompletionAfterOutage)
        }

        @Sendable static func runCompletionAfterOutage(_ cluster: TestCluster) async throws {
            let configuration = JobConfiguration(
                name: "outage", schedule: try .cron("0/3 * * * * ?"), shardingTotalCount: 1, failover: true)
            try await cluster.start(member: 1, configuration: configuration, work: .milliseconds(1000))
            try await cluster.log.wait("a first run") { !$0.isEmpty }
            // Kill the server 750 ms into the next fire: the item's commit check at 1 s finds
            // leader-proven contact at most 0.35 s old (a sync every 100 ms while it runs),
            // inside the 0.5 s of DESIGN 12.4, so it commits; its completion cannot be written.
            let fire = (cluster.log.fires.last ?? 0) + 3000
            try await Task.sleep(until: .now + .milliseconds(max(0, fire + 750 - nowMillis())))
            try await cluster.server.kill()
            try await cluster.log.wait("the commit during the outage", within: .seconds(10)) { all in
                all.contains { $0.fire == fire }
            }
            // Down past the session timeout: the member opens a new session when it is back.
            try await Task.sleep(for: .seconds(5))
            try await cluster.server.start()
            try await cluster.log.wait("runs after the outage", within: .seconds(30)) { all in
                all.contains { $0.fire > fire + 6000 }
            }
            let runs = cluster.log.executions(ofFire: fire)
            #expect(runs.count == 1, "the fire's item ran once, not again by failover: \(runs)")
            let last = try await cluster.withInspector { zk in try await zk.getData("/outage/sharding/0").string }
            #expect((Int64(last) ?? 0) >= fire, "last \(last) records the fire \(fire)")
        }

        @Test("misfire on: fires missed while the previous ran coalesce into one MISFIRE run right after it")
        func misfireCoalesces() async throws {
            try await TestCluster.with { cluster in try await Self.runMisfire(cluster, misfire: true) }
        }

        @Test("misfire off: missed fires are not run later and leave no flag")
        func misfireOff() async throws {
            try await TestCluster.with { cluster in try await Self.runMisfire(cluster, misfire: false) }
        }

        @Sendable static func runMisfire(_ cluster: TestCluster, misfire: Bool) async throws {
            let configuration = JobConfiguration(
                name: "slow", schedule: try .cron("* * * * * ?"), shardingTotalCount: 1, misfire: misfire)
            try await cluster.start(member: 1, configuration: configuration, work: .milliseconds(2300))
            try await cluster.log.wait("four runs", within: .seconds(30)) { $0.count >= 4 }
            let runs = cluster.log.all.sorted { $0.fire < $1.fire }
            for (earlier, later) in zip(runs, runs.dropFirst()) {
                let gap = later.fire - earlier.fire
                if misfire {
                    // 2.3 s of work: the two fires after a run's are missed; the later one runs
                    // as MISFIRE standing for both, the first run after it at its own time.
                    #expect(gap <= 3000, "no missed fire left behind: \(runs)")
                    if gap > 1000 { #expect(later.source == .misfire, "\(runs)") }
                } else {
                    #expect(later.source == .normalTrigger, "\(runs)")
                    #expect(gap >= 3000, "missed fires are not run later: \(runs)")
                }
            }
            if misfire { #expect(runs.contains { $0.source == .misfire }) }
            let flags = try await cluster.withInspector { zk in
                try await zk.getChildren("/slow/sharding/0").names
            }
            #expect(!flags.contains("misfire"), "no misfire flag: \(flags)")
        }

        @Test("a leader repairs stale running, failover and failovering nodes and an unclaimable queue entry")
        func repair() async throws {
            try await TestCluster.with(Self.runRepair)
        }

        @Sendable static func runRepair(_ cluster: TestCluster) async throws {
            let configuration = JobConfiguration(
                name: "stale", schedule: try .cron("0 0 0 1 1 ? 2099"), shardingTotalCount: 3, failover: true)
            let dead = "10.9.9.9@-@1"
            // Left behind by an instance that is gone: a running mark (persistent, with
            // failover), a failovering mark of an item that is not running, a queue entry
            // beyond the item count.
            try await cluster.withInspector { zk throws in
                for path in ["/stale", "/stale/sharding", "/stale/sharding/0", "/stale/sharding/1", "/stale/leader",
                    "/stale/leader/failover", "/stale/leader/failover/items"]
                {
                    try await zk.create(path, data: path.hasPrefix("/stale/sharding/") ? Array("0".utf8) : [])
                }
                try await zk.create("/stale/sharding/0/running", data: Array("\(dead) 1000 0x1".utf8))
                try await zk.create("/stale/sharding/1/failovering", data: Array(dead.utf8))
                try await zk.create("/stale/leader/failover/items/7", data: Array(dead.utf8))
            }
            try await cluster.start(member: 1, configuration: configuration)
            try await cluster.log.wait("item 0 completed by failover", within: .seconds(20)) { all in
                all.contains { $0.item == 0 && $0.source == .failover && $0.fire == 1000 }
            }
            try await cluster.withInspector { zk throws in
                for path in ["/stale/sharding/1/failovering", "/stale/leader/failover/items/7", "/stale/sharding/0/running"] {
                    try await waitUntilDeleted(zk, path)
                }
                #expect(try await zk.getData("/stale/sharding/0").string == "1000", "last is the interrupted fire")
            }
            #expect(cluster.log.all.count == 1, "\(cluster.log.all)")
        }
    }
}

/// A test precondition that did not hold.
struct FailoverTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
