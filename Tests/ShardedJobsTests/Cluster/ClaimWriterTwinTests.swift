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

    static let paths = JobNodePath(jobName: "job")

    @Test("a claim whose reply was lost after it was applied is read back: claimed, at the items' new versions")
    func lostReplyOfAnAppliedClaim() async throws {
        // Found by the simulator (seeds 1, 7, 10, 12, 20): the multi was applied but its reply
        // lost with the connection; the fire was skipped and its marks stayed on the live
        // session, so every later fire of those items found them "already running" and a
        // resharding waited for them for good.
        try await Self.withClaimer { twin, claimer, clock in
            let request = Self.request(session: try #require(claimer.session).id)
            twin.loseNextReply(of: "claimer") { $0.isWrite }
            let reply = try await Self.claim(request, on: claimer, clock)
            let stats = try await clock.running { [try await claimer.exists(Self.paths.item(0)), try await claimer.exists(Self.paths.item(1))] }
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

    @Test("a claim of a session that is gone writes nothing, even on the client's next session")
    func claimOfAGoneSession() async throws {
        // Found by the simulator (seed 122): a frozen worker thawed, its fire of the disabled
        // time was claimed on its new session, and the marks were failed over after the enable.
        try await Self.withClaimer { _, claimer, clock in
            let reply = try await Self.claim(Self.request(session: try #require(claimer.session).id + 1), on: claimer, clock)
            guard case .failed = reply else {
                Issue.record("claimed on another session: \(reply)")
                return
            }
            #expect(try await clock.running { try await claimer.exists(Self.paths.itemRunning(0)) } == nil)
        }
    }

    @Test("a claim computed from a configuration that changed since writes nothing and says so")
    func claimOfAStaleConfiguration() async throws {
        // Found by the simulator (seed 782041): a worker behind a slow link claimed a fire of the
        // old cron after the change to a new one; its completion moved `last` past a fire of the
        // new cron that nobody ran.
        try await Self.withClaimer { _, claimer, clock in
            _ = try await clock.running { try await claimer.create(Self.paths.config, data: Array("old".utf8)) }
            _ = try await clock.running { try await claimer.setData(Self.paths.config, data: Array("new".utf8)) }
            var request = Self.request(session: try #require(claimer.session).id)
            request.configurationVersion = 0
            #expect(try await Self.claim(request, on: claimer, clock) == .configurationChanged(attempt: 1))
            #expect(try await clock.running { try await claimer.exists(Self.paths.itemRunning(0)) } == nil)
            request.configurationVersion = 1
            guard case .claimed(_, let versions) = try await Self.claim(request, on: claimer, clock) else {
                Issue.record("the claim at the current configuration failed")
                return
            }
            #expect(versions.keys.sorted() == [0, 1] && versions.values.allSatisfy { $0.version == 1 })
        }
    }

    /// Runs `body` with a client on the twin and the job's items 0 and 1 (last 1 s).
    static func withClaimer(_ body: @escaping @Sendable (ZooKeeperTwin, ZooKeeperClient, ManualClock) async throws -> Void) async throws {
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let claimer = twin.client("claimer", namespace: "sim")
            try await withRunning([claimer], advancing: clock) { _ in
                for path in [paths.root, paths.sharding] { try await claimer.create(path) }
                for item in [0, 1] { try await claimer.create(paths.item(item), data: Array("1000".utf8)) }
                try await body(twin, claimer, clock)
            }
        }
    }

    /// A claim of items 0 and 1 for the fire at 2 s on `session`.
    static func request(session: Int64) -> ClaimRequest {
        ClaimRequest(
            attempt: 1, fire: FireEvent(scheduled: 2000, coalesced: 0, dispatched: 2000), manual: false,
            catchUp: false, epoch: 0, sessionID: session,
            items: [0, 1].map { ClaimCandidate(item: $0, progress: ItemProgress(last: 1000, version: 0)) },
            persistentMarks: false)
    }

    /// Writes `request` with a `ClaimWriter` on `claimer`.
    static func claim(_ request: ClaimRequest, on claimer: ZooKeeperClient, _ clock: ManualClock) async throws -> ClaimReply {
        try await clock.running {
            await ClaimWriter(client: claimer, paths: paths, instance: me, clock: SystemSchedulerClock()).claim(request)
        }
    }
}
