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
                for path in [paths.root, paths.sharding, paths.instances, paths.leader, paths.leader + "/failover", paths.failoverItems] {
                    _ = try await client.create(path)
                }
                // Fire 2000 of item 0 is running on an instance whose session has ended.
                _ = try await client.create(paths.item(0), data: Array("1000".utf8))
                let orphan = RunningMark(instance: dead, scheduled: 2000, sessionID: 0x1234)
                _ = try await client.create(paths.itemRunning(0), data: orphan.bytes)
                _ = try await client.create(paths.failoverItem(0))
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
    }
}
