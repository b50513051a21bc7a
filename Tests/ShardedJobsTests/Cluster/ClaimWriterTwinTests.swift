import Foundation
import Testing
@_spi(Simulation) import TestSupport

@_spi(Simulation) @testable import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// Fire claims against the twin (fast tier: no server).
@Suite("Fire claims on the twin")
struct ClaimWriterTwinTests {
    static let me = JobInstanceID(ip: "10.0.0.1", pid: 1)

    @Test("a claim whose reply was lost after it was applied is read back: claimed, at the items' new versions")
    func lostReplyOfAnAppliedClaim() async throws {
        // Found by the simulator (seeds 1, 7, 10, 12, 20): the multi was applied but its reply
        // lost with the connection; the fire was skipped and its marks stayed on the live
        // session, so every later fire of those items found them "already running" and a
        // resharding waited for them for good.
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let claimer = twin.client("claimer", namespace: "sim")
            try await withRunning([claimer], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding] { try await claimer.create(path) }
                for item in [0, 1] { try await claimer.create(paths.item(item), data: Array("1000".utf8)) }
                let session = try #require(claimer.session).id
                let request = ClaimRequest(
                    attempt: 1, fire: FireEvent(scheduled: 2000, coalesced: 0, dispatched: 2000), manual: false,
                    catchUp: false, epoch: 0, sessionID: session,
                    items: [0, 1].map { ClaimCandidate(item: $0, progress: ItemProgress(last: 1000, version: 0)) },
                    persistentMarks: false)
                twin.loseNextReply(of: "claimer") { $0.isWrite }
                let reply = try await clock.running {
                    await ClaimWriter(client: claimer, paths: paths, instance: Self.me, clock: SystemSchedulerClock())
                        .claim(request)
                }
                let stats = try await clock.running { [try await claimer.exists(paths.item(0)), try await claimer.exists(paths.item(1))] }
                let first = try #require(stats[0])
                let second = try #require(stats[1])
                #expect(first.version == 1 && second.version == 1, "the multi was applied")
                #expect(
                    reply
                        == .claimed(
                            attempt: 1,
                            [0: ClaimedVersion(version: 1, zxid: first.mzxid), 1: ClaimedVersion(version: 1, zxid: second.mzxid)]))
            }
        }
    }
}
