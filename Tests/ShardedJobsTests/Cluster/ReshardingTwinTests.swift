import Logging
import Testing
@_spi(Simulation) import TestSupport

@_spi(Simulation) @testable import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// The resharding flag against the twin (fast tier: no server).
@Suite("Resharding flag on the twin")
struct ReshardingTwinTests {
    @Test("the flag is written on the leadership's session only: begun before that session was lost, it leaves no processing node on the next")
    func flagBoundToLeadershipSession() async throws {
        // Found by the simulator (seed 52 with the expiry-race fault): a leader thawed after its
        // session expired began a resharding from a stale timer; its create waited for the
        // client's next session and left `processing` there, owned by a follower, and the new
        // leader failed "another instance is resharding" for the rest of the run.
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let leader = twin.client("leader", namespace: "sim")
            try await withRunning([leader], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding] { try await leader.create(path) }
                let resharding = Resharding(
                    client: leader, paths: paths, instance: JobInstanceID(ip: "10.0.0.1", pid: 1),
                    clock: SystemSchedulerClock(), logger: Logger(label: "test"))
                let session = try #require(leader.session).id
                try await clock.running { try await resharding.flag(session: session) }
                let processing = try #require(try await clock.running { try await leader.exists(paths.shardingProcessing) })
                #expect(processing.ephemeralOwner == session)

                try await clock.running { try await leader.delete(paths.shardingProcessing) }
                await #expect(throws: JobStartError.self) {
                    try await clock.running { try await resharding.flag(session: session + 1) }
                }
                #expect(try await clock.running { try await leader.exists(paths.shardingProcessing) } == nil)
            }
        }
    }
}
