import Testing
@_spi(Simulation) import TestSupport

@_spi(Simulation) @testable import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// Failover claims against the twin (fast tier: no server).
@Suite("Failover claims on the twin")
struct FailoverClaimerTwinTests {
    @Test("a failover claim whose reply was lost after it was applied is read back: the item is claimed and runs")
    func lostReplyOfAnAppliedClaim() async throws {
        // Found by the simulator (seed 600030 with the aimed faults): the claim's multi was
        // applied but its reply lost with the connection; the pass failed, and the mark of the
        // claimer's live session, which nothing ran, blocked every later resharding of the job.
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let client = twin.client("claimer", namespace: "sim")
            try await withRunning([client], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding, paths.instances, paths.leader, paths.leader + "/failover", paths.failoverItems] {
                    try await client.create(path)
                }
                let dead = RunningMark(instance: JobInstanceID(ip: "10.0.0.9", pid: 1), scheduled: 2000, sessionID: 0x1234)
                try await client.create(paths.item(0), data: Array("1000".utf8))
                try await client.create(paths.itemRunning(0), data: dead.bytes)
                try await client.create(paths.failoverItem(0))
                let session = try #require(client.session).id
                let claimer = FailoverClaimer(
                    client: client, paths: paths, instance: JobInstanceID(ip: "10.0.0.8", pid: 3), sessionID: session,
                    epoch: 0, itemCount: 1, calendar: nil, misfire: false, clock: SystemSchedulerClock(), logger: testLogger("claimer"))

                twin.loseNextReply(of: "claimer") { $0.isWrite }
                let outcome = try await clock.running { try await claimer.claimShare(liveInstances: 1, leftover: true, skipping: []) }
                let item = try #require(try await clock.running { try await client.exists(paths.item(0)) })
                #expect(item.version == 1, "the multi was applied")
                let claim = try #require(outcome.claims.first, "the applied claim must reach its run")
                #expect(claim.item == 0 && claim.source == .failover && claim.fire == 2000)
                #expect(claim.version == item.version && claim.token?.value == item.mzxid)
                #expect(outcome.remaining == 0)
            }
        }
    }
}
