import Testing
@_spi(Simulation) @testable import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

extension ClusterTests {
    /// The failover claimer against a real server, with other instances acting between its
    /// reads as they may on a cluster (a member that lags behind serves reads older than the
    /// leader's state; here the state simply moves between two reads).
    @Suite("Failover claimer")
    struct FailoverClaimerTests {
        @Test("an orphaned mark replaced by a newer fire's live mark between the claimer's reads is not claimed")
        func replacedMark() async throws {
            try await TestCluster.with(Self.runReplacedMark)
        }

        @Sendable static func runReplacedMark(_ cluster: TestCluster) async throws {
            try await cluster.withInspector { client in
                let paths = JobNodePath(jobName: "aba")
                guard let session = client.session?.id else { throw FailoverTestError("the inspector has no session") }
                let dead = JobInstanceID(ip: "10.0.0.9", pid: 1)
                let owner = JobInstanceID(ip: "10.0.0.7", pid: 2)
                try await Self.createJobNodes(client, paths)
                // Fire 2000 of item 0 is running on an instance whose session has ended.
                try await Self.queueOrphan(client, paths, item: 0, last: 1000, RunningMark(instance: dead, scheduled: 2000, sessionID: 0x1234))
                // Between the claimer's reads, the item's owner completes fire 2000 and claims
                // fire 3000 on its live session: its mark has version 0 like the old one.
                let newer = RunningMark(instance: owner, scheduled: 3000, sessionID: session)
                let claimer = FailoverClaimer(
                    client: client, paths: paths, instance: JobInstanceID(ip: "10.0.0.8", pid: 3), sessionID: session,
                    epoch: 0, itemCount: 1, calendar: nil, misfire: false, clock: SystemSchedulerClock(), logger: testLogger("claimer"),
                    afterFirstRead: { item in
                        _ = try await client.create(paths.instance(owner.description), mode: .ephemeral)
                        _ = try await client.multi([
                            .setData(path: paths.item(item), data: Array("2000".utf8), version: -1),
                            .delete(path: paths.itemRunning(item), version: -1),
                        ])
                        _ = try await client.multi([
                            .setData(path: paths.item(item), data: Array("2000".utf8), version: -1),
                            .create(path: paths.itemRunning(item), data: newer.bytes, mode: .persistent),
                        ])
                    })
                let outcome = try await claimer.claimShare(liveInstances: 1, leftover: true, skipping: [])
                #expect(outcome.claims.isEmpty, "claimed \(outcome.claims.map { ($0.item, $0.fire) })")
                let mark = try await client.getData(paths.itemRunning(0))
                #expect(RunningMark(mark.string) == newer, "the live execution's mark is left as it was")
                #expect(try await client.exists(paths.itemFailover(0)) == nil)
            }
        }

        @Test("a failover of a catch-up's mark runs as MISFIRE, of a regular fire's as FAILOVER: the mark decides, not the cron in effect now (simulator seed 95)")
        func sourceFromMark() async throws {
            try await TestCluster.with(Self.runSourceFromMark)
        }

        @Sendable static func runSourceFromMark(_ cluster: TestCluster) async throws {
            try await cluster.withInspector { client in
                let paths = JobNodePath(jobName: "kinds")
                guard let session = client.session?.id else { throw FailoverTestError("the inspector has no session") }
                let dead = JobInstanceID(ip: "10.0.0.9", pid: 1)
                try await Self.createJobNodes(client, paths)
                // Both items last completed at 0 s and were running the fire of 4 s on a dead
                // session: item 0 as a catch-up (standing for 1–3 s), item 1 as a regular fire.
                let base: Int64 = 1_700_000_000_000
                for (item, kind) in [(0, RunningMark.Kind.catchUp), (1, .regular)] {
                    let orphan = RunningMark(instance: dead, scheduled: base + 4_000, sessionID: 0x1234, kind: kind)
                    try await Self.queueOrphan(client, paths, item: item, last: base, orphan)
                }
                // The cron now fires every second: there are fires between 0 s and 4 s.
                let claimer = FailoverClaimer(
                    client: client, paths: paths, instance: JobInstanceID(ip: "10.0.0.8", pid: 3), sessionID: session,
                    epoch: 0, itemCount: 2, calendar: JobCalendar(cron: "* * * * * ?", timeZone: "UTC"), misfire: true,
                    clock: SystemSchedulerClock(), logger: testLogger("claimer"))
                let outcome = try await claimer.claimShare(liveInstances: 1, leftover: true, skipping: [])
                #expect(outcome.claims.map(\.item) == [0, 1])
                #expect(outcome.claims.map(\.source) == [.misfire, .failover])
                var kinds: [RunningMark.Kind?] = []
                for item in [0, 1] { kinds.append(RunningMark(try await client.getData(paths.itemRunning(item)).string)?.kind) }
                #expect(kinds == [.catchUp, .regular], "a failover keeps the mark's kind")
            }
        }

        @Test("a pass that fails after a claim returns what it claimed: those items run, the rest waits (simulator seed 438055)")
        func failureAfterAClaim() async throws {
            try await TestCluster.with(Self.runFailureAfterAClaim)
        }

        @Sendable static func runFailureAfterAClaim(_ cluster: TestCluster) async throws {
            try await cluster.withInspector { client in
                let paths = JobNodePath(jobName: "partial")
                guard let session = client.session?.id else { throw FailoverTestError("the inspector has no session") }
                let dead = JobInstanceID(ip: "10.0.0.9", pid: 1)
                try await Self.createJobNodes(client, paths)
                for item in [0, 1] {
                    try await Self.queueOrphan(client, paths, item: item, last: 1000, RunningMark(instance: dead, scheduled: 2000, sessionID: 0x1234))
                }
                // The connection breaks while item 1 is read, after item 0 was claimed.
                let claimer = FailoverClaimer(
                    client: client, paths: paths, instance: JobInstanceID(ip: "10.0.0.8", pid: 3), sessionID: session,
                    epoch: 0, itemCount: 2, calendar: nil, misfire: false, clock: SystemSchedulerClock(), logger: testLogger("claimer"),
                    afterFirstRead: { item in
                        if item == 1 { throw ZooKeeperError(code: .connectionLoss, operation: "getData", path: paths.itemRunning(1)) }
                    })
                let outcome = try await claimer.claimShare(liveInstances: 1, leftover: true, skipping: [])
                #expect(outcome.claims.map(\.item) == [0], "the claim of item 0 must reach its run")
                #expect(outcome.remaining == 1)
                #expect(try await client.exists(paths.failoverItem(1)) != nil, "item 1 stays queued for the next pass")
            }
        }

        /// The job's root, sharding, instances and failover queue nodes.
        static func createJobNodes(_ client: ZooKeeperClient, _ paths: JobNodePath) async throws {
            for path in [paths.root, paths.sharding, paths.instances, paths.leader, paths.leader + "/failover", paths.failoverItems] {
                _ = try await client.create(path)
            }
        }

        /// An item last completed at `last`, running `orphan` and queued for failover.
        static func queueOrphan(
            _ client: ZooKeeperClient, _ paths: JobNodePath, item: Int, last: Int64, _ orphan: RunningMark
        ) async throws {
            _ = try await client.create(paths.item(item), data: Array(String(last).utf8))
            _ = try await client.create(paths.itemRunning(item), data: orphan.bytes)
            _ = try await client.create(paths.failoverItem(item))
        }
    }
}
