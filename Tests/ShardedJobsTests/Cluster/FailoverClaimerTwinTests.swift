import Foundation
import Testing
@_spi(Simulation) import TestSupport

@_spi(Simulation) @testable import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// Failover claims against the twin (fast tier: no server).
@Suite("Failover claims on the twin")
struct FailoverClaimerTwinTests {
    /// The job's nodes a failover claim works in.
    static func createStructure(_ client: ZooKeeperClient, _ paths: JobNodePath) async throws {
        for path in [paths.root, paths.sharding, paths.instances, paths.leader, paths.leader + "/failover", paths.failoverItems] {
            try await client.create(path)
        }
    }

    /// Runs `body` with a twin on a manual clock, a running client `claimer` of namespace `sim`
    /// and the nodes of job `job` (``createStructure(_:_:)``).
    static func withJob(
        _ body: @escaping @Sendable (ZooKeeperTwin, ManualClock, ZooKeeperClient, JobNodePath) async throws -> Void
    ) async throws {
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let client = twin.client("claimer", namespace: "sim")
            try await withRunning([client], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                try await createStructure(client, paths)
                try await body(twin, clock, client, paths)
            }
        }
    }

    /// A claimer on `client`'s session, as instance 10.0.0.8@-@3 under epoch 0.
    static func claimer(_ client: ZooKeeperClient, _ paths: JobNodePath, itemCount: Int, misfire: Bool) throws -> FailoverClaimer {
        FailoverClaimer(
            client: client, paths: paths, instance: JobInstanceID(ip: "10.0.0.8", pid: 3), sessionID: try #require(client.session).id,
            epoch: 0, itemCount: itemCount, calendar: nil, misfire: misfire, clock: SystemSchedulerClock(), logger: testLogger("claimer"))
    }

    @Test("a failover claim whose reply was lost after it was applied is read back: the item is claimed and runs, with the attempt after the mark's")
    func lostReplyOfAnAppliedClaim() async throws {
        // Found by the simulator (seed 600030 with the aimed faults): the claim's multi was
        // applied but its reply lost with the connection; the pass failed, and the mark of the
        // claimer's live session, which nothing ran, blocked every later resharding of the job.
        try await Self.withJob { twin, clock, client, paths in
            // The dead instance was between its attempts 1 and 2 (its mark says 2).
            let dead = RunningMark(instance: JobInstanceID(ip: "10.0.0.9", pid: 1), scheduled: 2000, sessionID: 0x1234, attempt: 2)
            try await client.create(paths.item(0), data: Array("1000".utf8))
            try await client.create(paths.itemRunning(0), data: dead.bytes)
            try await client.create(paths.failoverItem(0))
            let claimer = try Self.claimer(client, paths, itemCount: 1, misfire: false)

            twin.loseNextReply(of: "claimer") { $0.isWrite }
            let outcome = try await clock.running { try await claimer.claimShare(liveInstances: 1, leftover: true, skipping: []) }
            let item = try #require(try await clock.running { try await client.exists(paths.item(0)) })
            #expect(item.version == 1, "the multi was applied")
            let claim = try #require(outcome.claims.first, "the applied claim must reach its run")
            #expect(claim.item == 0 && claim.source == .failover && claim.fire == 2000)
            #expect(claim.version == item.version && claim.token?.value == item.mzxid)
            #expect(outcome.remaining == 0)
            #expect(claim.attempt == 3, "the claimer continues with the next attempt")
            let mark = try await clock.running { try await client.getData(paths.itemRunning(0)).string }
            #expect(mark.hasSuffix(" N a=3"), "\(mark)")
        }
    }

    @Test("with a catch-up window, an orphaned execution of an older fire is completed without a run and reported; a younger one is claimed")
    func olderThanTheWindow() async throws {
        try await Self.withJob { twin, clock, client, paths in
            let now = SystemSchedulerClock().nowMillis()
            let dead = JobInstanceID(ip: "10.0.0.9", pid: 1)
            for (item, fire) in [(0, now - 60_000), (1, now - 1_000)] {
                try await client.create(paths.item(item), data: Array(String(fire - 10_000).utf8))
                try await client.create(paths.itemRunning(item), data: RunningMark(instance: dead, scheduled: fire, sessionID: 0x1234).bytes)
                try await client.create(paths.failoverItem(item))
            }
            let reports = EventLog<SkippedFires>()
            var configured = try Self.claimer(client, paths, itemCount: 2, misfire: true)
            configured.window = 10_000
            configured.skipped = { reports.record($0) }
            let claimer = configured
            let outcome = try await clock.running { try await claimer.claimShare(liveInstances: 1, leftover: true, skipping: []) }
            #expect(outcome.claims.map(\.item) == [1], "only the younger execution runs")
            let (last, mark, queued) = try await clock.running {
                (try await client.getData(paths.item(0)).string, try await client.exists(paths.itemRunning(0)),
                 try await client.exists(paths.failoverItem(0)))
            }
            #expect(last == String(now - 60_000) && mark == nil && queued == nil, "item 0 was not completed")
            #expect(reports.events.map(\.item) == [0] && reports.events.first?.reason == .window)
        }
    }

    @Test("an execution older than the window completed without a run, the reply of that write lost: read back, the skip still reported (simulator seed 774831)")
    func lostReplyOfAnAppliedDrop() async throws {
        // Found by the simulator: the drop's multi was applied but its reply lost, so the skip
        // went unreported while `last` had moved past the fire — to the checker, a lost fire.
        try await Self.withJob { twin, clock, client, paths in
            let fire = SystemSchedulerClock().nowMillis() - 60_000
            let dead = RunningMark(instance: JobInstanceID(ip: "10.0.0.9", pid: 1), scheduled: fire, sessionID: 0x1234)
            try await client.create(paths.item(0), data: Array(String(fire - 10_000).utf8))
            try await client.create(paths.itemRunning(0), data: dead.bytes)
            try await client.create(paths.failoverItem(0))
            let reports = EventLog<SkippedFires>()
            var configured = try Self.claimer(client, paths, itemCount: 1, misfire: true)
            configured.window = 10_000
            configured.skipped = { reports.record($0) }
            let claimer = configured

            twin.loseNextReply(of: "claimer") { $0.isWrite }
            let outcome = try await clock.running { try await claimer.claimShare(liveInstances: 1, leftover: true, skipping: []) }
            #expect(outcome.claims.isEmpty, "nothing runs")
            let (last, mark) = try await clock.running {
                (try await client.getData(paths.item(0)).string, try await client.exists(paths.itemRunning(0)))
            }
            #expect(last == String(fire) && mark == nil, "the multi was applied")
            #expect(reports.events.map(\.item) == [0] && reports.events.first?.through == Date(timeIntervalSince1970: Double(fire) / 1000), "the skip is reported once")
        }
    }

    @Test("an orphaned backfill execution is claimed with its backfill (kind B, the progress node's version for its clear), even past a catch-up window; one whose backfill is gone is completed without a run")
    func backfillExecutions() async throws {
        try await Self.withJob { twin, clock, client, paths in
            let now = SystemSchedulerClock().nowMillis()
            let dead = JobInstanceID(ip: "10.0.0.9", pid: 1)
            try await client.create(paths.backfills)
            try await client.create(paths.backfill("b"), data: Array("0 \(now) active 1".utf8))
            try await client.create(paths.backfillProgress("b", item: 0), data: Array("1000".utf8))
            try await client.setData(paths.backfillProgress("b", item: 0), data: Array("1000".utf8))
            for (item, id) in [(0, "b"), (1, "gone")] {
                try await client.create(paths.item(item), data: Array(String(now - 5_000).utf8))
                let mark = RunningMark(instance: dead, scheduled: 2_000, sessionID: 0x1234, kind: .backfill(id))
                try await client.create(paths.itemRunning(item), data: mark.bytes)
                try await client.create(paths.failoverItem(item))
            }
            var configured = try Self.claimer(client, paths, itemCount: 2, misfire: true)
            configured.window = 10_000
            let claimer = configured
            let outcome = try await clock.running { try await claimer.claimShare(liveInstances: 1, leftover: true, skipping: []) }
            let claim = try #require(outcome.claims.first)
            #expect(outcome.claims.count == 1 && claim.item == 0 && claim.fire == 2_000 && claim.source == .failover)
            #expect(claim.backfill == BackfillProgressWrite(id: "b", fire: 2_000, version: 1))
            #expect(claim.runKind == "BACKFILL" && claim.last == now - 5_000)
            let (mark, other, last) = try await clock.running {
                (try await client.getData(paths.itemRunning(0)).string, try await client.exists(paths.itemRunning(1)),
                 try await client.getData(paths.item(1)).string)
            }
            #expect(mark.hasSuffix(" B:b a=2"), "the claim keeps the kind: \(mark)")
            #expect(other == nil && last == String(now - 5_000), "item 1's execution lost its backfill: completed, last unchanged")
        }
    }
}
